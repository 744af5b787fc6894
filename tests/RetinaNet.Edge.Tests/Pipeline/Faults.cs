using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Events;
using RetinaNet.Edge.Inference;
using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Decoding;
using RetinaNet.Edge.Zones;

namespace RetinaNet.Edge.Tests.Pipeline;

/// <summary>An exception type nothing in the agent knows about.</summary>
internal sealed class GremlinException(string message) : Exception(message);

/// <summary>The real detector, with a fault: throws on every run, or hangs in it until released.</summary>
internal sealed class FaultyDetector(IDetector inner, bool hang) : IDetector
{
    public ManualResetEventSlim Release { get; } = new(false);
    public int Runs;
    public ModelInfo Model => inner.Model;
    public ExecutionProvider ExecutionProvider => inner.ExecutionProvider;
    public int MaxBatch => inner.MaxBatch;
    public int Workers => inner.Workers;
    public InferenceMetrics Metrics => inner.Metrics;
    public InputBatch CreateBatch() => inner.CreateBatch();
    public void Detect(IReadOnlyList<Frame> frames, DetectionSink sink) => throw new GremlinException("detect");

    public void Run(InputBatch batch, DetectionSink sink)
    {
        Interlocked.Increment(ref Runs);
        if (hang) { Release.Wait(); return; }
        throw new GremlinException("the provider fell over");
    }

    public void Dispose() { Release.Set(); inner.Dispose(); }
}

/// <summary>ByteTrack that throws on every Nth update.</summary>
internal sealed class FaultyTrackerFactory(int every) : ITrackerFactory
{
    public ITracker Create(string camera, TrackerOptions options) => new Faulty(new ByteTracker(options), every);

    private sealed class Faulty(ByteTracker inner, int every) : ITracker
    {
        private int _n;
        public IReadOnlyList<Track> Ended => inner.Ended;
        public IReadOnlyList<Track> Tracks => inner.Tracks;
        public TrackerOptions Options { get => inner.Options; set => inner.Options = value; }
        public IReadOnlyList<Track> Update(ReadOnlySpan<Detection> detections, DateTimeOffset time, System.Drawing.SizeF frame) =>
            ++_n % every == 0 ? throw new GremlinException($"tracker update {_n}") : inner.Update(detections, time, frame);
    }
}

/// <summary>The agent's sink, throwing on every Nth event.</summary>
internal sealed class FaultySink(IEventHistory inner, int every = 5) : IEventHistory
{
    private int _n;
    public PublishedEvent Publish(TrackEvent e, long capturedTicks = 0) => ++_n % every == 0 ? throw new GremlinException("sink") : inner.Publish(e, capturedTicks);
    public PublishedEvent Publish(ZoneEvent e) => inner.Publish(e);
}
