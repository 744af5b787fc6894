using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;

namespace RetinaNet.Edge.LiveView;

/// <summary>One camera's annotated stream for players that are not browsers (VLC, NVRs, Home Assistant cards), made
/// only while somebody fetches it: the session is a viewer of the <see cref="LiveVideoHub"/> like a browser page — the
/// camera's fMP4 goes to an ffmpeg that decodes it at full resolution and rate, each frame gets the boxes of its
/// presentation time (interpolated between processed frames, <see cref="BoxTimeline"/>) drawn by OpenCV, and a second
/// ffmpeg encodes the frames (<c>http.hlsEncoder</c>: libx264 here, h264_nvenc or Jetson's h264_v4l2m2m as presets) into
/// HLS segments of one second in a private folder. Frames are matched to times by rank: the decoder gives frames in
/// presentation order, and the fragments' own times (the ones the boxes carry) are taken in the same order.</summary>
internal sealed class HlsSession : IDisposable
{
    private readonly string _camera;
    private readonly LiveVideoHub _hub;
    private readonly HlsEncoder _encoder;
    private readonly BoxTimeline _boxes = new();
    private readonly PriorityQueue<double, double> _times = new();
    private readonly object _gate = new();
    private readonly LiveVideoHub.Viewer _viewer;
    private readonly Thread _feed, _draw;
    private Process? _decoder, _encoderProcess;
    private volatile bool _stopped;
    private int _width, _height;
    private uint _timescale;
    private double _fps;
    private readonly List<double> _firstTimes = [];

    public HlsSession(string camera, LiveVideoHub hub, HlsEncoder encoder, string folder)
    {
        _camera = camera;
        _hub = hub;
        _encoder = encoder;
        Folder = folder;
        Directory.CreateDirectory(folder);
        LastUsed = Stopwatch.GetTimestamp();
        _viewer = hub.Subscribe(camera, capacity: 1024);
        _feed = new Thread(Feed) { IsBackground = true, Name = "hls-feed-" + camera };
        _draw = new Thread(Draw) { IsBackground = true, Name = "hls-draw-" + camera };
        _feed.Start();
    }

    public string Folder { get; }
    public string Playlist => Path.Combine(Folder, "index.m3u8");
    public long LastUsed { get; set; }
    /// <summary>Why the stream cannot be made (no remuxed video, a missing encoder), once known.</summary>
    public string? Problem { get; private set; }

    private void Feed()
    {
        try
        {
            var reader = _viewer.Queue.Reader;
            while (!_stopped && reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var m))
                {
                    if (m.Text is { } text)
                    {
                        if (text.Contains("\"type\":\"boxes\"", StringComparison.Ordinal)) _boxes.Add(text);
                        else if (text.Contains("\"type\":\"hello\"", StringComparison.Ordinal) && _hub.Describe(_camera) is var d)
                        {
                            if (d.Unavailable is { } why) { Problem = why; return; }
                            (_width, _height) = (d.Width, d.Height);
                        }
                        continue;
                    }
                    if (m.Video is not { } video) continue;
                    if (IsInit(video))
                    {
                        if (_decoder is not null) return; // the camera's stream started anew: this session ends, the next request makes a new one
                        _timescale = Fmp4.Timescale(Fmp4.Find(video, "moov"));
                        StartDecoder();
                    }
                    else if (_decoder is not null && _timescale > 0)
                    {
                        double t = (double)Fmp4.FirstPresentationTime(Fmp4.Find(video, "moof")) / _timescale;
                        lock (_gate)
                        {
                            _times.Enqueue(t, t);
                            if (_firstTimes.Count < 16) _firstTimes.Add(t);
                        }
                    }
                    else continue;
                    _decoder!.StandardInput.BaseStream.Write(video);
                }
            }
        }
        catch (IOException) { }
        catch (InvalidOperationException) { }
        finally { _hub.Unsubscribe(_camera, _viewer); }
    }

    private static bool IsInit(byte[] video) => video.Length >= 8 && video[4] == (byte)'f' && video[5] == (byte)'t' && video[6] == (byte)'y' && video[7] == (byte)'p';

    private void StartDecoder()
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "mp4", "-i", "pipe:0", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1" }) psi.ArgumentList.Add(a);
        _decoder = Process.Start(psi) ?? throw new InvalidOperationException("ffmpeg did not start");
        _decoder.StandardError.BaseStream.CopyToAsync(Stream.Null);
        _draw.Start();
    }

    private unsafe void Draw()
    {
        using var frame = new Mat(_height, _width, MatType.CV_8UC3);
        var pixels = new Span<byte>((void*)frame.Data, _width * _height * 3); // the decoder's frames are read straight into the image
        var input = _decoder!.StandardOutput.BaseStream;
        try
        {
            while (!_stopped)
            {
                input.ReadExactly(pixels);
                double t;
                lock (_gate) { if (!_times.TryDequeue(out t, out _)) t = double.NaN; }
                if (!double.IsNaN(t))
                    foreach (var b in _boxes.At(t))
                    {
                        var r = new Rect((int)b.X1, (int)b.Y1, (int)(b.X2 - b.X1), (int)(b.Y2 - b.Y1));
                        Common.BoxPainter.Draw(frame, r, new Scalar(255, 0, 255), $"#{b.Id} {b.Label} {b.Score:F2}");
                    }
                if (_encoderProcess is null && !StartEncoder()) return;
                _encoderProcess!.StandardInput.BaseStream.Write(pixels);
            }
        }
        catch (EndOfStreamException) { }
        catch (IOException)
        {
            // The encoder closed its input: it failed (a missing encoder exits at once). Its pipe can close before the
            // process is reaped, so wait for the exit before reading why.
            if (_encoderProcess is { } p && p.WaitForExit(5000)) Problem ??= EncoderProblem(p);
        }
    }

    private bool StartEncoder()
    {
        lock (_gate)
        {
            var deltas = _firstTimes.Order().Zip(_firstTimes.Order().Skip(1), (a, b) => b - a).Where(d => d > 0).Order().ToList();
            _fps = deltas.Count > 0 ? Math.Round(1 / deltas[deltas.Count / 2], 3) : 25;
        }
        string fps = _fps.ToString(CultureInfo.InvariantCulture), gop = Math.Max(1, (int)Math.Round(_fps)).ToString(CultureInfo.InvariantCulture);
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", $"{_width}x{_height}", "-framerate", fps, "-i", "pipe:0" }) psi.ArgumentList.Add(a);
        foreach (var a in HlsEncoders.Arguments(_encoder, gop)) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "-f", "hls", "-hls_time", "1", "-hls_list_size", "6", "-hls_flags", "delete_segments+independent_segments+omit_endlist",
            "-hls_segment_filename", Path.Combine(Folder, "seg%05d.ts"), Playlist }) psi.ArgumentList.Add(a);
        _encoderProcess = Process.Start(psi);
        if (_encoderProcess is null) { Problem = "ffmpeg did not start"; return false; }
        return true;
    }

    private string EncoderProblem(Process p)
    {
        string err = "";
        try { err = p.StandardError.ReadToEnd().Trim(); } catch (InvalidOperationException) { }
        return HlsEncoders.Missing(_encoder, err) ?? $"the {_encoder.Name()} encoder failed: {err}";
    }

    private static void Stop(Process? p)
    {
        if (p is null) return;
        try { if (!p.HasExited) p.Kill(); p.WaitForExit(2000); } catch (InvalidOperationException) { }
    }

    public void Dispose()
    {
        _stopped = true;
        _viewer.Queue.Writer.TryComplete();
        Stop(_decoder);
        Stop(_encoderProcess);
        _decoder?.Dispose();
        _encoderProcess?.Dispose();
        _feed.Join(TimeSpan.FromSeconds(2));
        if (_draw.IsAlive) _draw.Join(TimeSpan.FromSeconds(2));
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
