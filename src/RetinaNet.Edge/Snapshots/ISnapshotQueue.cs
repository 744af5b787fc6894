namespace RetinaNet.Edge.Snapshots;

/// <summary>Takes an event's snapshot off the inference thread (the seam between post-processing and the writer).</summary>
internal interface ISnapshotQueue
{
    /// <summary>Copies the frame and queues the snapshot; returns the URL path its full-frame JPEG will have, or null
    /// when the queue is full (counted) — the event then goes out without a snapshot.</summary>
    string? TryEnqueue(Capture.Frame frame, Events.TrackEvent e);
}
