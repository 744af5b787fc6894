using Microsoft.Data.Sqlite;

namespace RetinaNet.Edge.Publishing.Outbox;

/// <summary>The outbox file's tables. <c>PRAGMA user_version</c> holds <see cref="Version"/>; a file with another
/// version, or one SQLite cannot read, is moved aside by <see cref="SqliteOutbox"/>.</summary>
internal static class OutboxSchema
{
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          topic TEXT NOT NULL,
          payload BLOB NOT NULL,
          size INTEGER NOT NULL,
          created_ms INTEGER NOT NULL,
          captured_ticks INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS cameras (
          name TEXT PRIMARY KEY,
          seq INTEGER NOT NULL,
          last_track_id INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS open_tracks (
          camera TEXT NOT NULL,
          track_id INTEGER NOT NULL,
          payload BLOB NOT NULL,
          PRIMARY KEY (camera, track_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS clips (
          id TEXT PRIMARY KEY,
          camera TEXT NOT NULL,
          start_ms INTEGER NOT NULL,
          state TEXT NOT NULL,
          size INTEGER NOT NULL,
          info BLOB NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS clips_by_camera ON clips (camera, start_ms);
        """;

    /// <summary>Opens (creating if needed) and checks a file: the version, SQLite's quick check and the tables.
    /// Throws <see cref="SqliteException"/> or <see cref="InvalidDataException"/> when the file is unusable.</summary>
    public static SqliteConnection Open(string dataSource, OutboxFsync fsync)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        try
        {
            connection.Open();
            long version = Scalar(connection, "PRAGMA user_version");
            if (version != 0 && version != Version)
                throw new InvalidDataException($"outbox schema version {version}, this agent reads version {Version}");
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA quick_check";
                var result = check.ExecuteScalar() as string;
                if (result != "ok") throw new InvalidDataException($"SQLite quick_check: {result}");
            }
            Execute(connection, dataSource == ":memory:" ? "PRAGMA journal_mode=MEMORY" : "PRAGMA journal_mode=WAL");
            Execute(connection, $"PRAGMA synchronous={fsync.ToString().ToUpperInvariant()}");
            Execute(connection, Create);
            Execute(connection, $"PRAGMA user_version={Version}");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
