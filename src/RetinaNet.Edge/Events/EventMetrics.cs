using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Events;

/// <summary>Events' instruments on the <c>RetinaNet.Edge.Events</c> meter: events generated per camera and type (track
/// <c>new</c>/<c>update</c>/<c>end</c>, zone <c>entered</c>/<c>left</c>/<c>loitering</c>/<c>crossed</c>).</summary>
internal sealed class EventMetrics
{
    public const string MeterName = "RetinaNet.Edge.Events";
    private readonly Counter<long> _events;

    public EventMetrics(IMeterFactory meters) =>
        _events = meters.Create(MeterName).CreateCounter<long>("retinanet.events", description: "Events generated (before publishing)");

    public void Generated(string camera, TrackEventType type) => Add(camera, type.Name());

    public void Generated(string camera, Zones.ZoneEventType type) => Add(camera, type.Name());

    private void Add(string camera, string type) =>
        _events.Add(1, new KeyValuePair<string, object?>("camera", camera), new KeyValuePair<string, object?>("type", type));
}
