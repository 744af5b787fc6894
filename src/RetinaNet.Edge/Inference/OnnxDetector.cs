using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Vision.Anchors;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Imaging;

namespace RetinaNet.Edge.Inference;

/// <summary>RetinaNet on ONNX Runtime. The session is created once with the first execution provider of the
/// configured chain that works; the input buffer and its tensors are allocated once per batch size and reused;
/// several cameras' frames run as one batch when the model's batch dimension is dynamic.</summary>
internal sealed class OnnxDetector : IDetector
{
    private readonly InferenceSession _session;
    private readonly InputBatch _own;
    private readonly ResizeMode _resize;
    private readonly RawHeadDecoder? _rawDecoder;
    private readonly EndToEndDecoder? _endToEnd;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private Detection[] _mapped = new Detection[256];

    public OnnxDetector(AgentConfig config, ILogger logger, System.Diagnostics.Metrics.IMeterFactory? meters = null)
    {
        Metrics = new InferenceMetrics(meters);
        var opts = config.Agent;
        (_session, ExecutionProvider) = CreateSession(config.ModelPath, opts.Inference, logger);
        try
        {
            Model = Describe(config, _session);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        MaxBatch = Model.DynamicBatch ? opts.Inference.MaxBatch : 1;
        _resize = opts.Model.Resize == "stretch" ? ResizeMode.Stretch : ResizeMode.Letterbox;
        _own = CreateBatch();
        _inputNames = [Model.InputName];
        if (Model.Layout == OutputLayout.C) _endToEnd = new EndToEndDecoder(Model.Decoder);
        else _rawDecoder = new RawHeadDecoder(Model.Decoder);
        Log.ModelLoaded(logger, config.ModelPath, Model.Layout.ToString(), Model.InputWidth, Model.InputHeight, Model.Labels.Count, ExecutionProvider);
    }

    public InferenceMetrics Metrics { get; }
    public ModelInfo Model { get; }
    public string ExecutionProvider { get; }
    public int MaxBatch { get; }

    public InputBatch CreateBatch() => new(MaxBatch, Model.InputWidth, Model.InputHeight, _resize);

    public void Detect(IReadOnlyList<Frame> frames, DetectionSink sink)
    {
        if (frames.Count == 0) return;
        if (frames.Count > MaxBatch) throw new ArgumentException($"batch of {frames.Count} exceeds the maximum {MaxBatch}");
        _own.Prepare(frames);
        Run(_own, sink);
    }

    public void Run(InputBatch batch, DetectionSink sink)
    {
        int n = batch.Count;
        if (n == 0) return;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        using var outputs = _session.Run(_runOptions, _inputNames, [batch.Tensor()], Model.OutputNames);
        for (int i = 0; i < n; i++)
        {
            var detections = Model.Layout == OutputLayout.C ? DecodeEndToEnd(outputs, i, n) : DecodeRaw(outputs, i, n);
            if (_mapped.Length < detections.Length) _mapped = new Detection[Math.Max(detections.Length, _mapped.Length * 2)];
            for (int d = 0; d < detections.Length; d++)
                _mapped[d] = detections[d] with { Box = batch.Transforms[i].ToSource(detections[d].Box) };
            sink(i, _mapped.AsSpan(0, detections.Length));
        }
        Metrics.Record(n, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    private ReadOnlySpan<Detection> DecodeRaw(IReadOnlyList<OrtValue> outputs, int item, int batch)
    {
        var decoder = _rawDecoder!;
        int levels = outputs.Count / 2;
        decoder.Begin(Model.InputWidth, Model.InputHeight);
        for (int l = 0; l < levels; l++)
        {
            var cls = outputs[l].GetTensorDataAsSpan<float>();
            var box = outputs[levels + l].GetTensorDataAsSpan<float>();
            var shape = outputs[l].GetTensorTypeAndShape().Shape;
            int cn = cls.Length / batch, bn = box.Length / batch;
            decoder.AddLevel(l, cls.Slice(item * cn, cn), box.Slice(item * bn, bn), (int)shape[2], (int)shape[3]);
        }
        return decoder.Finish();
    }

    private ReadOnlySpan<Detection> DecodeEndToEnd(IReadOnlyList<OrtValue> outputs, int item, int batch)
    {
        var names = Model.OutputNames;
        int Index(string name) => names.ToList().IndexOf(name);
        var labels = outputs[Index("labels")].GetTensorDataAsSpan<long>();
        int per = labels.Length / batch;
        labels = labels.Slice(item * per, per);
        if (names.Contains("dets"))
        {
            var dets = outputs[Index("dets")].GetTensorDataAsSpan<float>();
            return _endToEnd!.DecodeDets(dets.Slice(item * per * 5, per * 5), labels);
        }
        var boxes = outputs[Index("boxes")].GetTensorDataAsSpan<float>();
        var scores = outputs[Index("scores")].GetTensorDataAsSpan<float>();
        return _endToEnd!.DecodeBoxes(boxes.Slice(item * per * 4, per * 4), scores.Slice(item * per, per), labels);
    }

    private static (InferenceSession, string) CreateSession(string modelPath, InferenceOptions options, ILogger logger)
    {
        if (!File.Exists(modelPath)) throw new ModelLoadException($"model file not found: {modelPath}");
        Exception? last = null;
        foreach (var provider in options.Providers)
        {
            var so = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
            if (options.IntraOpThreads > 0) so.IntraOpNumThreads = options.IntraOpThreads;
            try
            {
                switch (provider)
                {
                    case "tensorrt":
                        using (var trt = new OrtTensorRTProviderOptions())
                        {
                            var settings = new Dictionary<string, string>
                            {
                                ["device_id"] = options.DeviceId.ToString(CultureInfo.InvariantCulture),
                                ["trt_fp16_enable"] = options.TensorRtFp16 ? "1" : "0",
                            };
                            if (options.TensorRtEngineCache is { } cache)
                            {
                                settings["trt_engine_cache_enable"] = "1";
                                settings["trt_engine_cache_path"] = cache;
                            }
                            trt.UpdateOptions(settings);
                            so.AppendExecutionProvider_Tensorrt(trt);
                        }
                        break;
                    case "cuda":
                        so.AppendExecutionProvider_CUDA(options.DeviceId);
                        break;
                }
                return (new InferenceSession(modelPath, so), provider);
            }
            catch (Exception e) when (provider != "cpu" && e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                Log.ProviderUnavailable(logger, provider, FirstLine(e.Message));
                last = e;
                so.Dispose();
            }
            catch (OnnxRuntimeException e)
            {
                so.Dispose();
                throw new ModelLoadException($"cannot load model {modelPath}: {FirstLine(e.Message)}", e);
            }
        }
        throw new ModelLoadException($"no execution provider of [{string.Join(", ", options.Providers)}] could load {modelPath}" +
            (last is null ? "" : $": {FirstLine(last.Message)}") + " (add \"cpu\" to inference.providers)", last);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static ModelInfo Describe(AgentConfig config, InferenceSession session)
    {
        var path = config.ModelPath;
        var opts = config.Agent.Model;
        var meta = session.ModelMetadata.CustomMetadataMap;
        if (session.InputMetadata.Count != 1) throw new ModelLoadException($"{path}: expected one image input, found {session.InputMetadata.Count}");
        var (inputName, input) = session.InputMetadata.First();
        var dims = input.Dimensions;
        if (dims.Length != 4 || dims[1] != 3 || dims[2] <= 0 || dims[3] <= 0)
            throw new ModelLoadException($"{path}: input '{inputName}' has shape [{string.Join(",", dims)}]; expected [N,3,H,W] with a fixed H and W");
        var outputNames = session.OutputMetadata.Keys.ToArray();
        var layoutText = opts.Layout ?? (meta.TryGetValue("retinanet.layout", out var l) ? l : null)
            ?? (outputNames.Contains("labels") ? "C" : outputNames.Length == 10 ? "A" : null)
            ?? throw new ModelLoadException($"{path}: cannot tell the output layout from {outputNames.Length} outputs; set model.layout (A, B or C)");
        var layout = Enum.Parse<OutputLayout>(layoutText);
        if (layout != OutputLayout.C && outputNames.Length != 10)
            throw new ModelLoadException($"{path}: layout {layout} needs 5 class and 5 box outputs, the model has {outputNames.Length}");
        int numClasses;
        if (layout == OutputLayout.C) numClasses = 0;
        else
        {
            var clsChannels = session.OutputMetadata[outputNames[0]].Dimensions[1];
            var boxChannels = session.OutputMetadata[outputNames[5]].Dimensions[1];
            if (clsChannels <= 0 || boxChannels <= 0 || boxChannels % 4 != 0 || clsChannels % (boxChannels / 4) != 0)
                throw new ModelLoadException($"{path}: output channels {clsChannels}/{boxChannels} do not fit A anchors × K classes / A × 4");
            numClasses = clsChannels / (boxChannels / 4);
        }
        var labels = LoadLabels(config, meta, numClasses);
        if (numClasses == 0) numClasses = labels.Count;
        float octave = opts.AnchorOctaveBase ?? (meta.TryGetValue("retinanet.anchor_octave_base", out var ob) ? float.Parse(ob, CultureInfo.InvariantCulture) : 4f);
        var decoder = new DecoderSettings
        {
            Layout = layout, NumClasses = numClasses, Anchors = new AnchorSettings { OctaveBase = octave },
            ScoreThreshold = opts.ScoreThreshold, TopKPerLevel = opts.TopKPerLevel, NmsThreshold = opts.NmsThreshold, MaxDetections = opts.MaxDetections,
        };
        return new ModelInfo(path, inputName, (int)dims[3], (int)dims[2], dims[0] <= 0, layout, labels, decoder, outputNames);
    }

    private static IReadOnlyList<string> LoadLabels(AgentConfig config, IDictionary<string, string> meta, int numClasses)
    {
        string[] labels;
        if (config.Agent.Model.Labels is { } file) labels = File.ReadAllLines(ConfigLoader.Resolve(config.BaseDirectory, file)).Where(s => s.Length > 0).ToArray();
        else if (meta.TryGetValue("retinanet.labels", out var embedded)) labels = embedded.Split('\n');
        else if (numClasses == 80 || numClasses == 0) labels = CocoLabels.Names;
        else labels = Enumerable.Range(0, numClasses).Select(i => $"class{i}").ToArray();
        if (numClasses > 0 && labels.Length != numClasses)
            throw new ModelLoadException($"{config.ModelPath}: the model has {numClasses} classes but its label list has {labels.Length}");
        return labels;
    }

    public void Dispose()
    {
        _own.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        Metrics.Dispose();
    }
}
