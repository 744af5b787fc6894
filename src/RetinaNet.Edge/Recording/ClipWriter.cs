using System.Security.Cryptography;
using System.Threading.Channels;
using RetinaNet.Edge.LiveView;

namespace RetinaNet.Edge.Recording;

/// <summary>Writes the clips, off the capture and inference threads, from one bounded queue: a clip's file is the
/// camera's init segment and fragments appended as they come (fragmented MP4, so a file cut short by kill -9 or a
/// dropped camera plays up to its last whole fragment), its boxes beside it (<c>.boxes.jsonl</c>, one line per
/// processed frame, stamped with the video's own clock). A finished file is hashed and handed to the
/// <see cref="IClipIndex"/> (indexed + announced). Keeps each camera under its byte quota as it writes (its oldest
/// clips go first), the file system above the disk floor, and deletes clips older than the maximum age.</summary>
internal sealed class ClipWriter(IClipIndex index, Microsoft.Extensions.Options.IOptionsMonitor<RecordingOptions> options, ClipFolder folder, RecordingMetrics metrics,
    TimeProvider time, ILogger<ClipWriter> logger) : BackgroundService
{
    private readonly Channel<ClipWork> _work = Channel.CreateBounded<ClipWork>(new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Dictionary<Guid, OpenFile> _open = [];
    private readonly Dictionary<string, long> _cameraBytes = new(StringComparer.Ordinal);
    private long _sinceFloorCheck;
    private readonly ClipRetention _retention = new(index, () => options.CurrentValue, folder, metrics, logger);

    /// <summary>The options as they are now (quota, age, floor and sweep apply while the agent runs).</summary>
    private RecordingOptions _o => options.CurrentValue;

    private sealed class OpenFile(FileStream video)
    {
        public FileStream Video { get; } = video;
        public FileStream? Boxes { get; set; }
        public bool Broken { get; set; }
    }

    /// <summary>Queues work; never blocks (a full queue drops the piece, counted and logged).</summary>
    public void Queue(ClipWork work)
    {
        if (_work.Writer.TryWrite(work)) return;
        work.Release();
        long dropped = metrics.Dropped();
        if (dropped == 1 || dropped % 1000 == 0) Log.QueueFull(logger, dropped);
    }

    /// <summary>Completes the clips a killed run left open; called before any camera starts.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_o.Enabled)
        {
            try
            {
                Directory.CreateDirectory(folder.Path);
                foreach (var clip in index.Unfinished()) Recover(clip);
                // What each camera's folder holds (clips and their boxes): the quota counts the disk, not the index.
                foreach (var dir in new DirectoryInfo(folder.Path).EnumerateDirectories())
                    _cameraBytes[dir.Name] = dir.EnumerateFiles().Sum(f => f.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Log.StoreProblem(logger, folder.Path, e.Message); }
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_o.Enabled) return;
        var nextSweep = time.GetUtcNow();
        var reader = _work.Reader;
        while (true)
        {
            while (reader.TryRead(out var work)) Handle(work);
            if (time.GetUtcNow() >= nextSweep)
            {
                _retention.Sweep(_cameraBytes, time.GetUtcNow(), protect: _open.Keys);
                nextSweep = time.GetUtcNow() + TimeSpan.FromSeconds(_o.SweepSeconds);
            }
            if (stoppingToken.IsCancellationRequested) break;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500));
            try { await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>Writes what is queued (the recorder closed every clip before this) and closes what is still open.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        while (_work.Reader.TryRead(out var work)) Handle(work);
        foreach (var f in _open.Values) { f.Video.Dispose(); f.Boxes?.Dispose(); }
        _open.Clear();
    }

    private void Handle(ClipWork w)
    {
        switch (w.Kind)
        {
            case ClipWorkKind.Open: Open(w); break;
            case ClipWorkKind.Append: Write(w.Clip, w.Bytes!); break;
            case ClipWorkKind.Boxes:
                try
                {
                    if (_open.TryGetValue(w.Clip.Id, out var f) && !f.Broken
                        && Try(w.Clip, f, () => (f.Boxes ??= new FileStream(folder.Sidecar(w.Clip), FileMode.Append, FileAccess.Write, FileShare.Read)).Write(w.Span)))
                        _cameraBytes[w.Clip.Camera] = _cameraBytes.GetValueOrDefault(w.Clip.Camera) + w.Span.Length;
                }
                finally { w.Release(); }
                break;
            case ClipWorkKind.Close: Close(w.Clip); break;
        }
    }

    private void Open(ClipWork w)
    {
        var path = folder.Of(w.Clip);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
#pragma warning disable CA2000 // kept in _open; disposed by Close or StopAsync
            // Unbuffered: each fragment reaches the OS as it is written, so kill -9 loses none of what was written.
            _open[w.Clip.Id] = new OpenFile(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0));
#pragma warning restore CA2000
            index.Opened(w.Clip);
        }
        catch (IOException e)
        {
            metrics.Failed();
            Log.WriteFailed(logger, w.Clip.File, w.Clip.Camera, e.Message);
            return;
        }
        Write(w.Clip, w.Bytes!);
        foreach (var fragment in w.Fragments!) Write(w.Clip, fragment);
    }

    private void Write(ClipInfo clip, byte[] bytes)
    {
        if (!_open.TryGetValue(clip.Id, out var f) || f.Broken) return;
        long quota = (long)(_o.CameraQuotaMegabytes * 1048576);
        long total = _cameraBytes.GetValueOrDefault(clip.Camera) + bytes.Length;
        if (total > quota) total = _retention.FreeForCamera(clip.Camera, total, quota, _cameraBytes, protect: _open.Keys);
        _sinceFloorCheck += bytes.Length;
        if (_sinceFloorCheck > 8 << 20)
        {
            _sinceFloorCheck = 0;
            _retention.KeepFloor(_cameraBytes, protect: _open.Keys);
            total = _cameraBytes.GetValueOrDefault(clip.Camera) + bytes.Length;
        }
        if (Try(clip, f, () => f.Video.Write(bytes)))
        {
            _cameraBytes[clip.Camera] = total;
            metrics.Bytes(bytes.Length);
        }
    }

    private bool Try(ClipInfo clip, OpenFile f, Action write)
    {
        try
        {
            write();
            return true;
        }
        catch (IOException e)
        {
            f.Broken = true; // disk full or gone: the file keeps its whole fragments so far
            metrics.Failed();
            Log.WriteFailed(logger, clip.File, clip.Camera, e.Message);
            return false;
        }
    }

    private void Close(ClipInfo clip)
    {
        if (!_open.Remove(clip.Id, out var f)) return;
        try { f.Video.Flush(flushToDisk: true); } catch (IOException) { }
        f.Video.Dispose();
        f.Boxes?.Dispose();
        Complete(clip with { State = "complete" });
    }

    private void Complete(ClipInfo clip)
    {
        var path = folder.Of(clip);
        var (size, sha) = Hash(path);
        var done = clip with { Size = size, Sha256 = sha };
        index.Completed(done);
        metrics.Completed();
        Log.ClipComplete(logger, clip.File, clip.Camera, (clip.EndPts ?? clip.StartPts) - clip.StartPts, clip.KeyframeOffset, size / 1048576.0, clip.EndReason ?? "?");
    }

    /// <summary>A clip the previous run was writing when it died: its file holds whole fragments up to the last one
    /// written (a torn last fragment is cut off), so it is completed from what the file says.</summary>
    private void Recover(ClipInfo clip)
    {
        var path = folder.Of(clip);
        if (!File.Exists(path)) { index.Deleted(clip.Id); return; }
        double last = clip.StartPts;
        long whole = 0;
        using (var s = File.OpenRead(path))
        {
            var reader = new Fmp4Reader(s);
            try
            {
                while (reader.Next() is { } seg)
                {
                    whole = s.Position;
                    if (!seg.IsInit && !double.IsNaN(seg.Pts)) last = Math.Max(last, seg.Pts);
                }
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException) { }
        }
        if (whole > 0 && whole < new FileInfo(path).Length)
            using (var s = new FileStream(path, FileMode.Open, FileAccess.Write)) s.SetLength(whole);
        var done = clip with { State = "recovered", EndReason = "restart", EndPts = last, End = clip.Start + TimeSpan.FromSeconds(last - clip.StartPts) };
        Complete(done);
        Log.Recovered(logger, clip.File, clip.Camera, last - clip.StartPts, new FileInfo(path).Length / 1048576.0);
    }

    private static (long Size, string Sha) Hash(string path)
    {
        try
        {
            using var s = File.OpenRead(path);
            var hash = SHA256.HashData(s);
            return (s.Length, Convert.ToHexStringLower(hash));
        }
        catch (IOException) { return (0, ""); }
    }
}
