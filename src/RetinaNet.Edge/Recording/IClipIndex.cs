namespace RetinaNet.Edge.Recording;

/// <summary>Where clips are indexed and announced (the agent's SQLite state, beside the MQTT outbox): a finished clip is
/// stored complete and its announcement queued in one transaction, so it is announced exactly once — also when the
/// agent is killed and completes the clip at its next start.</summary>
internal interface IClipIndex
{
    /// <summary>A clip began (its file exists from now on): indexed as recording.</summary>
    void Opened(ClipInfo clip);

    /// <summary>A clip's file is complete: indexed complete and announced on <c>PREFIX/cameras/NAME/clips</c>.</summary>
    void Completed(ClipInfo clip);

    /// <summary>Clips left recording by a previous run (killed mid-clip).</summary>
    IReadOnlyList<ClipInfo> Unfinished();

    /// <summary>Complete clips, newest first, filtered by camera, label, time and zone (null: any).</summary>
    IReadOnlyList<ClipInfo> List(string? camera = null, string? label = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = 200, string? zone = null);

    ClipInfo? Find(Guid id);

    /// <summary>Retention deleted the clip's file.</summary>
    void Deleted(Guid id);
}
