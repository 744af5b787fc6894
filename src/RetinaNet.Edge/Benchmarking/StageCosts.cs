using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Vision.Imaging;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>One stage's CPU cost: process CPU-seconds (every thread, ONNX Runtime's and OpenCV's included) per frame,
/// measured with that stage running alone.</summary>
internal sealed record StageCost(string Stage, double CpuMsPerFrame, string Measured);

/// <summary>The sum-of-stages limit: with every stage's CPU cost per frame known, N cores can process at most
/// N ÷ Σ CPU-seconds per frame frames per second — the pipeline's real ceiling when its stages share the cores
/// (the inference-only ceiling ignores what capture, preprocessing, tracking and publishing cost).</summary>
internal sealed record SumOfStages(IReadOnlyList<StageCost> Stages, int Cores)
{
    public double TotalCpuMsPerFrame => Stages.Sum(s => s.CpuMsPerFrame);
    public double LimitFps => Cores * 1000 / TotalCpuMsPerFrame;

    public static SumOfStages Measure(ToolModel model, string video, int batch, double eventsPerFrame, double framesPerSecond, double seconds, TextWriter log)
    {
        var frames = new List<Mat>();
        var stages = new List<StageCost>();
        try
        {
            // 1. Capture: OpenCV decoding the video (looping), as the pipeline reads unpaced files.
            using (var cap = new VideoCapture(video))
            using (var m = new Mat())
                stages.Add(Cost("capture (decode)", seconds, () =>
                {
                    if (!cap.Read(m) || m.Empty()) { cap.Set(VideoCaptureProperties.PosFrames, 0); return 0; }
                    if (frames.Count < 32) frames.Add(m.Clone());
                    return 1;
                }));
            var config = new AgentConfig(new AgentOptions { Model = model.Model, Inference = model.Inference }, [], model.BaseDirectory, model.Path);
            using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(config, NullLogger.Instance);
            // 2. Preprocessing: letterbox + normalize into the input tensor.
            using (var pre = new Preprocessor(detector.Model.InputWidth, detector.Model.InputHeight, model.Model.Resize))
            {
                var tensor = new float[pre.TensorLength];
                int i = 0;
                stages.Add(Cost("preprocess", seconds, () => { pre.Run(frames[i++ % frames.Count], tensor); return 1; }));
            }
            // 3. Inference + decode + NMS: the agent's detector (its session options: threads, spinning) on prepared batches.
            using var pool = new FramePool();
            int b = Math.Min(batch, detector.MaxBatch);
            var batchFrames = Enumerable.Range(0, b).Select(k => { var f = pool.Rent(); frames[k % frames.Count].CopyTo(f.Image); return f; }).ToList();
            using var input = detector.CreateBatch();
            input.Prepare(batchFrames);
            var detections = new List<List<Detection>>();
            foreach (var f in frames)
            {
                var one = pool.Rent();
                f.CopyTo(one.Image);
                var found = new List<Detection>();
                detector.Detect([one], (_, d) => found.AddRange(d.ToArray()));
                detections.Add(found);
                one.Release();
            }
            stages.Add(Cost($"inference + decode (batch {b})", seconds, () => { detector.Run(input, (_, _) => { }); return b; }));
            if (detector.Workers > 1) log.WriteLine($"  (diagnostic) {Concurrent(detector, batchFrames, seconds)}");
            // 4. Tracking + events (serialized as MQTT payloads).
            var tracker = new ByteTracker(new TrackerOptions());
            var events = new EventGenerator("cost", detector.Model.Labels, TimeSpan.FromSeconds(5));
            int n = 0;
            long bytes = 0;
            var time = DateTimeOffset.UtcNow;
            stages.Add(Cost("tracking + events", Math.Min(seconds, 2), () =>
            {
                var d = detections[n % detections.Count];
                time = time.AddMilliseconds(40);
                var tracks = tracker.Update(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(d), time);
                events.Process(tracks, tracker.Ended, n++, frames[0].Width, frames[0].Height, time,
                    e => bytes += JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.TrackEvent).Length, null);
                return 1;
            }));
            // 5. Publishing: one durable outbox append per event (the broker's acknowledgement costs the agent little more).
            stages.Add(PublishingCostAsync(eventsPerFrame, framesPerSecond, seconds).GetAwaiter().GetResult());
            batchFrames.ForEach(f => f.Release());
        }
        finally { frames.ForEach(f => f.Dispose()); }
        var result = new SumOfStages(stages, Environment.ProcessorCount);
        foreach (var s in stages) log.WriteLine($"  {s.Stage,-32} {s.CpuMsPerFrame,8:F3} CPU-ms/frame  ({s.Measured})");
        log.WriteLine($"  sum {result.TotalCpuMsPerFrame:F3} CPU-ms/frame on {result.Cores} cores: limit {result.LimitFps:F1} frames/s");
        return result;
    }

    private static StageCost Cost(string stage, double seconds, Func<int> step)
    {
        for (int w = 0; w < 3; w++) step(); // warm-up
        var cpu0 = Common.ProcessUsage.Cpu();
        var clock = Stopwatch.StartNew();
        long frames = 0;
        while (clock.Elapsed.TotalSeconds < seconds) frames += step();
        double cpuMs = (Common.ProcessUsage.Cpu() - cpu0).TotalMilliseconds;
        return new StageCost(stage, cpuMs / Math.Max(1, frames), $"{frames} frames in {clock.Elapsed.TotalSeconds:F1} s, {cpuMs / clock.Elapsed.TotalMilliseconds * 100:F0} % of one core");
    }

    /// <summary>The inference stage as the pipeline runs it: the detector's workers each running batches at once.
    /// Against the stage alone this shows what concurrent runs cost each other (memory bandwidth, shared caches).</summary>
    private static string Concurrent(OnnxDetector detector, List<Frame> frames, double seconds)
    {
        long done = 0;
        var inputs = Enumerable.Range(0, detector.Workers).Select(_ => { var i = detector.CreateBatch(); i.Prepare(frames); return i; }).ToList();
        var cpu0 = Common.ProcessUsage.Cpu();
        var clock = Stopwatch.StartNew();
        var threads = inputs.Select(input => new Thread(() =>
        {
            while (clock.Elapsed.TotalSeconds < seconds) { detector.Run(input, (_, _) => { }); Interlocked.Add(ref done, frames.Count); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        double cpuMs = (Common.ProcessUsage.Cpu() - cpu0).TotalMilliseconds;
        inputs.ForEach(i => i.Dispose());
        return $"inference + decode, {detector.Workers} workers at once: {cpuMs / Math.Max(1, done):F3} CPU-ms/frame ({done / clock.Elapsed.TotalSeconds:F1} frames/s)";
    }

    /// <summary>Publishing as the pipeline bench runs it: the MQTT sink (outbox append, publish, PUBACK, outbox delete)
    /// through the embedded broker in the same process; CPU per delivered event × events per frame. The events come as
    /// the pipeline makes them — each frame's events at once, frames at the pipeline's rate — not in one burst: a
    /// burst is published in batches with one wake-up for many events, which made this stage look half as dear as it
    /// is in the pipeline (171–285 µs per event against ≈ 470 µs of thread-pool time there).</summary>
    private static async Task<StageCost> PublishingCostAsync(double eventsPerFrame, double framesPerSecond, double seconds)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"retinanet-cost-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var options = new AgentOptions { Mqtt = new Publishing.MqttOptions { EmbeddedPort = ToolHost.FreePort(), TopicPrefix = "cost" } };
            var config = new AgentConfig(options, [], folder, "");
            using var broker = new Publishing.EmbeddedBroker(Microsoft.Extensions.Options.Options.Create(options.Mqtt), NullLogger<Publishing.EmbeddedBroker>.Instance);
            await broker.StartAsync(CancellationToken.None).ConfigureAwait(false);
            using var outbox = new Publishing.Outbox.SqliteOutbox(folder, options.Mqtt.Outbox, TimeProvider.System, NullLogger.Instance);
            await using var sink = ToolHost.Sink(config, outbox);
            await sink.StartAsync(CancellationToken.None).ConfigureAwait(false);
            SpinWait.SpinUntil(() => sink.IsConnected, TimeSpan.FromSeconds(10));
            int published = 0;
            // Frame f's events: the whole part of the running total, so that the average is eventsPerFrame.
            long Feed(double forSeconds)
            {
                var period = TimeSpan.FromSeconds(1 / Math.Max(1, framesPerSecond));
                var clock = Stopwatch.StartNew();
                long frames = 0;
                for (; clock.Elapsed.TotalSeconds < forSeconds; frames++)
                {
                    for (int due = (int)((frames + 1) * eventsPerFrame); published < due; published++) sink.Publish(OutboxBench.Event(published), Stopwatch.GetTimestamp());
                    var wait = period * (frames + 1) - clock.Elapsed;
                    if (wait > TimeSpan.Zero) Thread.Sleep(wait);
                }
                SpinWait.SpinUntil(() => outbox.PendingCount == 0, TimeSpan.FromSeconds(30));
                return frames;
            }
            Feed(1); // warm-up: connection, JIT
            var cpu0 = Common.ProcessUsage.Cpu();
            int before = published;
            Feed(Math.Max(2, seconds));
            int events = Math.Max(1, published - before);
            double perEvent = (Common.ProcessUsage.Cpu() - cpu0).TotalMilliseconds / events;
            await sink.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await broker.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return new StageCost("publishing (MQTT + outbox)", perEvent * eventsPerFrame,
                $"{perEvent * 1000:F0} µs per delivered event (embedded broker included) × {eventsPerFrame:F3} events/frame, fed at {framesPerSecond:F0} frames/s");
        }
        finally { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } }
    }
}
