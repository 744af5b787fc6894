namespace RetinaNet.Edge.Recording;

/// <summary>Retention of the clip store, run by the writer (so a clip is never deleted while written): a camera beyond its
/// byte quota loses its oldest clips before the next piece is written; while the file system has less free space than the
/// disk floor the oldest clips of any camera go; clips older than the maximum age go at each sweep. Each sweep that
/// deletes something says so once, with the counts.</summary>
internal sealed class ClipRetention(IClipIndex index, Func<RecordingOptions> options, ClipFolder folder, RecordingMetrics metrics, ILogger logger)
{
    private int _age, _quota, _floor;
    private long _bytes;

    /// <summary>Deletes the camera's oldest complete clips until <paramref name="total"/> fits the quota; returns the new total.</summary>
    public long FreeForCamera(string camera, long total, long quota, Dictionary<string, long> cameraBytes, IEnumerable<Guid> protect)
    {
        foreach (var clip in index.List(camera, limit: int.MaxValue).Reverse())
        {
            if (total <= quota) break;
            if (protect.Contains(clip.Id)) continue;
            total -= Delete(clip, cameraBytes);
            _quota++;
        }
        Flush();
        return total;
    }

    /// <summary>Oldest clips first while the store's file system is below the disk floor.</summary>
    public void KeepFloor(Dictionary<string, long> cameraBytes, IEnumerable<Guid> protect)
    {
        long floor = (long)(options().DiskFloorMegabytes * 1048576);
        if (floor <= 0 || Free() >= floor) { Flush(); return; }
        foreach (var clip in index.List(limit: int.MaxValue).OrderBy(c => c.Start))
        {
            if (protect.Contains(clip.Id)) continue;
            Delete(clip, cameraBytes);
            _floor++;
            if (Free() >= floor) break;
        }
        Flush();
    }

    public void Sweep(Dictionary<string, long> cameraBytes, DateTimeOffset now, IEnumerable<Guid> protect)
    {
        var cutoff = now - TimeSpan.FromHours(options().MaxAgeHours);
        foreach (var clip in index.List(to: cutoff, limit: int.MaxValue))
        {
            if (protect.Contains(clip.Id) || (clip.End ?? clip.Start) >= cutoff) continue;
            Delete(clip, cameraBytes);
            _age++;
        }
        KeepFloor(cameraBytes, protect);
    }

    private long Free()
    {
        try { return new DriveInfo(Path.GetFullPath(folder.Path)).AvailableFreeSpace; }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException) { return long.MaxValue; }
    }

    private long Delete(ClipInfo clip, Dictionary<string, long> cameraBytes)
    {
        long size = clip.Size;
        try
        {
            var path = folder.Of(clip);
            if (File.Exists(path)) size = new FileInfo(path).Length;
            if (File.Exists(folder.Sidecar(clip))) size += new FileInfo(folder.Sidecar(clip)).Length;
            File.Delete(path);
            File.Delete(folder.Sidecar(clip));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Log.StoreProblem(logger, folder.Path, $"cannot delete {clip.File}: {e.Message}"); }
        index.Deleted(clip.Id);
        cameraBytes[clip.Camera] = Math.Max(0, cameraBytes.GetValueOrDefault(clip.Camera) - size);
        _bytes += size;
        return size;
    }

    private void Flush()
    {
        int n = _age + _quota + _floor;
        if (n == 0) return;
        metrics.Deleted(n);
        double floor = options().DiskFloorMegabytes;
        Log.Swept(logger, n, _bytes / 1048576.0, _age, _quota, _floor, floor);
        _age = _quota = _floor = 0;
        _bytes = 0;
    }
}
