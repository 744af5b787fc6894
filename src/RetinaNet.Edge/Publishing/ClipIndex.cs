using System.Text.Json;
using RetinaNet.Edge.Publishing.Outbox;
using RetinaNet.Edge.Recording;

namespace RetinaNet.Edge.Publishing;

/// <summary>The clip index in the agent's SQLite state (the outbox's file) and the clip announcements: a completed clip
/// is stored and its <c>PREFIX/cameras/NAME/clips</c> message queued in the outbox in one transaction, delivered like
/// the events (at least once to the broker, in order, across outages and restarts).</summary>
internal sealed class ClipIndex(SqliteOutbox outbox, Microsoft.Extensions.Options.IOptions<MqttOptions> options, MqttEventSink sink) : IClipIndex
{
    private readonly Topics _topics = new(options.Value.TopicPrefix);

    public void Opened(ClipInfo clip) => Save(clip, announce: false);

    public void Completed(ClipInfo clip)
    {
        Save(clip, announce: true);
        sink.Wake();
    }

    private void Save(ClipInfo clip, bool announce)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(clip, ClipJsonContext.Default.ClipInfo);
        outbox.SaveClip(clip.Id, clip.Camera, clip.Start.ToUnixTimeMilliseconds(), clip.State, clip.Size, json,
            announce ? (_topics.Camera(clip.Camera, "clips"), json) : null);
    }

    public IReadOnlyList<ClipInfo> Unfinished() => Read(outbox.Clips("recording", null, null, null, int.MaxValue));

    public IReadOnlyList<ClipInfo> List(string? camera = null, string? label = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = 200, string? zone = null) =>
        Read(outbox.Clips("!recording", camera, from?.ToUnixTimeMilliseconds(), to?.ToUnixTimeMilliseconds(), limit, label, zone));

    public ClipInfo? Find(Guid id) => outbox.Clip(id) is { } row ? Read([row]).FirstOrDefault() : null;

    public void Deleted(Guid id) => outbox.DeleteClip(id);

    private static List<ClipInfo> Read(List<byte[]> rows)
    {
        var list = new List<ClipInfo>(rows.Count);
        foreach (var row in rows)
        {
            try { if (JsonSerializer.Deserialize(row, ClipJsonContext.Default.ClipInfo) is { } c) list.Add(c); }
            catch (JsonException) { } // a row this version cannot read is left alone
        }
        return list;
    }
}
