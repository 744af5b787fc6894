using RetinaNet.Edge.Events;
using RetinaNet.Edge.Pipeline;
using RetinaNet.Edge.Cameras;

namespace RetinaNet.Edge.Tests.Pipeline;

/// <summary>The post-processing's outputs for pipeline tests: track events are kept, everything else is dropped.</summary>
internal sealed class RecordingSinks : IEventHistory, IRetainedState
{
    public System.Collections.Concurrent.ConcurrentQueue<TrackEvent> Events { get; } = new();
    public PublishedEvent Publish(TrackEvent e, long capturedTicks = 0) { Events.Enqueue(e); return new(e.Id, e.Seq, default); }
    public PublishedEvent Publish(RetinaNet.Edge.Zones.ZoneEvent e) => new(e.Id, e.Seq, default);
    public void PublishCounts(string camera, IReadOnlyDictionary<string, int> counts) { }
    public void PublishValue(string camera, string path, string value) { }
    public void PublishRetained(string topic, string payload) { }
    public void PublishSnapshot(string camera, byte[] jpeg) { }
    public void PublishStatus(CameraSnapshot status) { }
    public void ClearCamera(string camera, IEnumerable<string> others) { }
}
