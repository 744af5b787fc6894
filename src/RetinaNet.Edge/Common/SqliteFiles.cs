using System.Globalization;

namespace RetinaNet.Edge.Common;

/// <summary>The agent's SQLite files (the outbox, the history): one that SQLite cannot read is moved aside, with its
/// WAL and shared-memory files, so that a fresh one can start and the old one stays for a post-mortem.</summary>
internal static class SqliteFiles
{
    /// <summary>Moves <paramref name="path"/> (and <c>-wal</c>, <c>-shm</c>) to <c>PATH.bad-UTCSTAMP</c>; returns that
    /// name. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when they cannot move.</summary>
    public static string MoveAside(string path, TimeProvider time)
    {
        string aside = path + ".bad-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Move(path + suffix, aside + suffix, overwrite: true);
        return aside;
    }
}
