using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Configuration;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Tracking;

namespace RetinaNet.Edge.Benchmarking;

internal static partial class BenchCommand
{
    /// <summary>Decoding alone: OpenCV reads the file (looping) as fast as it goes.</summary>
    internal static double CaptureCeiling(string video, double seconds)
    {
        using var cap = new VideoCapture(video);
        using var frame = new Mat();
        long n = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (!cap.Read(frame) || frame.Empty()) { cap.Set(VideoCaptureProperties.PosFrames, 0); continue; }
            n++;
        }
        return n / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Bare <c>session.Run</c> loops: same model, input size, batch, execution provider and thread plan as the
    /// pipeline (its workers run concurrently, each on its own input).</summary>
    internal static (double Fps, string Input) InferenceCeiling(ToolModel model, int batch, double seconds)
    {
        var (session, provider, so) = ExecutionProviders.CreateSession(model.Path, model.Inference, model.BaseDirectory, NullLogger.Instance);
        using var sessionOptions = so;
        using var owned = session;
        var plan = ThreadPlan.For(model.Inference, provider, Environment.ProcessorCount);
        var (name, meta) = session.InputMetadata.First();
        int h = meta.Dimensions[2], w = meta.Dimensions[3];
        if (meta.Dimensions[0] > 0) batch = meta.Dimensions[0];
        var outputs = session.OutputMetadata.Keys.ToArray();
        long n = 0, lastDoneTicks = 0;
        var clock = new Stopwatch();
        using var warm = new Barrier(plan.Workers, _ => clock.Start()); // the clock starts when every worker is warm
        var workers = Enumerable.Range(0, plan.Workers).Select(_ => new Thread(() =>
        {
            var data = new float[batch * 3 * h * w];
            for (int i = 0; i < data.Length; i++) data[i] = (i % 255) / 255f - 0.5f;
            using var input = OrtValue.CreateTensorValueFromMemory(data, [batch, 3, h, w]);
            using var run = new RunOptions();
            using (session.Run(run, [name], [input], outputs)) { }
            warm.SignalAndWait();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                using (session.Run(run, [name], [input], outputs)) { }
                Interlocked.Add(ref n, batch);
                long done = clock.ElapsedTicks;
                long seen;
                while ((seen = Interlocked.Read(ref lastDoneTicks)) < done && Interlocked.CompareExchange(ref lastDoneTicks, done, seen) != seen) { }
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        // Frames over the time to the last completed run (a slow model's unfinished last runs are not counted either).
        return (n / (lastDoneTicks / (double)Stopwatch.Frequency), $"{w}x{h}, {plan.Workers} worker(s) × {plan.IntraOpThreads} thread(s)");
    }

    /// <summary>Everything in one thread, one frame at a time: read → preprocess → infer → decode → track → events.</summary>
    internal static double SequentialLoop(ToolModel model, string video, double seconds)
    {
        var config = new AgentConfig(new AgentOptions { Model = model.Model, Inference = model.Inference }, [], model.BaseDirectory, model.Path);
        using var detector = RetinaNet.Edge.Hosting.ToolHost.Detector(config, NullLogger.Instance);
        var tracker = new ByteTracker(new TrackerOptions());
        var events = new EventGenerator("seq", detector.Model.Labels, TimeSpan.FromSeconds(5));
        using var cap = new VideoCapture(video);
        using var pool = new FramePool();
        var frame = pool.Rent();
        var dets = new List<RetinaNet.Edge.Vision.Decoding.Detection>();
        long n = 0, bytes = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (!cap.Read(frame.Image) || frame.Image.Empty()) { cap.Set(VideoCaptureProperties.PosFrames, 0); continue; }
            dets.Clear();
            detector.Detect([frame], (_, d) => { foreach (var x in d) dets.Add(x); });
            var tracks = tracker.Update(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(dets), DateTimeOffset.UtcNow);
            events.Process(tracks, tracker.Ended, n, frame.Image.Width, frame.Image.Height, DateTimeOffset.UtcNow,
                e => bytes += JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.TrackEvent).Length, null);
            n++;
        }
        return n / clock.Elapsed.TotalSeconds;
    }
}
