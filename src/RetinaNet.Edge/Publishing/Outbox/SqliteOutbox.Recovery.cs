using Microsoft.Data.Sqlite;

namespace RetinaNet.Edge.Publishing.Outbox;

/// <summary>Opening the file: a file SQLite cannot read (torn write, garbage, another schema version) is moved aside
/// with a log line and a fresh one started; if the folder cannot be written at all, the outbox lives in memory. The
/// agent never refuses to start because of its outbox.</summary>
internal sealed partial class SqliteOutbox
{
    private SqliteConnection OpenOrRecover(string folder)
    {
        string path;
        try
        {
            Directory.CreateDirectory(folder);
            path = System.IO.Path.Combine(System.IO.Path.GetFullPath(folder), FileName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return InMemory($"state folder {folder} unusable: {e.Message}");
        }
        try
        {
            var db = OutboxSchema.Open(path, _options.Fsync);
            Path = path;
            return db;
        }
        catch (Exception e) when (e is SqliteException or InvalidDataException)
        {
            try
            {
                var aside = Common.SqliteFiles.MoveAside(path, _time);
                MovedAside = aside;
                Log.OutboxMovedAside(_logger, path, e.Message, aside);
            }
            catch (Exception move) when (move is IOException or UnauthorizedAccessException)
            {
                return InMemory($"outbox {path} unreadable ({e.Message}) and cannot be moved aside: {move.Message}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return InMemory($"outbox {path} cannot be opened: {e.Message}");
        }
        try
        {
            var db = OutboxSchema.Open(path, _options.Fsync);
            Path = path;
            return db;
        }
        catch (Exception e) when (e is SqliteException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return InMemory($"fresh outbox {path} cannot be created: {e.Message}");
        }
    }

    private SqliteConnection InMemory(string reason)
    {
        Problem = reason + " (events are kept in memory only: a restart loses them)";
        Log.OutboxInMemory(_logger, Problem);
        return OutboxSchema.Open(":memory:", OutboxFsync.Off);
    }
}
