namespace RetinaNet.Edge.Publishing;

/// <summary>Track ids continue across restarts: a camera's tracker starts one above the highest id of the camera that
/// was ever published (the outbox records it with each event, so a killed run's ids are never handed out again).</summary>
internal sealed class PublishedTrackIds(Outbox.SqliteOutbox outbox) : Tracking.ITrackIdSeed
{
    public int NextTrackId(string camera) => (int)Math.Min(int.MaxValue - 1, outbox.LastTrackId(camera)) + 1;
}
