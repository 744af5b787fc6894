using System.Diagnostics.Metrics;

namespace RetinaNet.Edge.Publishing;

/// <summary>Publishing's instruments on the <c>RetinaNet.Edge.Publishing</c> meter, observed from the sink, its
/// publisher and its outbox at collection time (each counter lives where it is counted).</summary>
internal static class PublishingMetrics
{
    public const string MeterName = "RetinaNet.Edge.Publishing";

    public static Meter Create(IMeterFactory meters, MqttEventSink sink)
    {
        var m = meters.Create(MeterName);
        m.CreateObservableCounter("retinanet.mqtt.published", () => sink.Published, description: "MQTT messages the broker accepted");
        m.CreateObservableCounter("retinanet.mqtt.failed", () => sink.Failed, description: "MQTT publish attempts that failed (retried)");
        m.CreateObservableCounter("retinanet.mqtt.rejected", () => sink.Rejected, description: "Events the broker refused for good (e.g. not authorized for the topic)");
        m.CreateObservableCounter("retinanet.mqtt.dropped", () => sink.Dropped, description: "Events lost: QoS 0 queue overflow, outbox over budget or expired, outbox write failures");
        m.CreateObservableGauge("retinanet.mqtt.queued", () => sink.Queued, description: "Events waiting for the broker (outbox and QoS 0 queue)");
        m.CreateObservableGauge("retinanet.mqtt.connected", () => sink.IsConnected ? 1 : 0, description: "1 while connected to the broker");
        m.CreateObservableGauge("retinanet.mqtt.outbox_bytes", () => sink.Outbox.PendingBytes, description: "Bytes of events stored in the outbox (counted against mqtt.outbox.maxMegabytes)");
        m.CreateObservableCounter("retinanet.mqtt.outbox.appended", () => sink.Outbox.Appended, description: "Events stamped and stored (the events produced)");
        m.CreateObservableCounter("retinanet.mqtt.outbox.dropped_over_budget", () => sink.Outbox.DroppedOverBudget, description: "Oldest events deleted unsent because the outbox was over mqtt.outbox.maxMegabytes");
        m.CreateObservableCounter("retinanet.mqtt.outbox.expired", () => sink.Outbox.Expired, description: "Events deleted unsent because they were older than mqtt.outbox.maxAgeHours");
        m.CreateObservableCounter("retinanet.mqtt.outbox.write_failures", () => sink.Outbox.WriteFailures, description: "Events that could not be stored (disk full, I/O error)");
        return m;
    }
}
