using OpenCvSharp;

namespace RetinaNet.Edge.Capture;

/// <summary>A video file decoded in-process by OpenCV; optionally loops.</summary>
internal sealed class FileFrameSource(string path, bool loop) : IFrameSource
{
    private VideoCapture? _capture;

    public double Fps { get; private set; }
    public bool IsFile => true;

    public void Open(CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new CaptureException($"file not found: {path}");
        _capture?.Dispose();
        _capture = new VideoCapture(path);
        if (!_capture.IsOpened()) throw new CaptureException($"OpenCV cannot open {path}");
        Fps = _capture.Fps is > 0 and < 1000 ? _capture.Fps : 25;
    }

    public bool Read(Mat image)
    {
        if (_capture is null) return false;
        if (_capture.Read(image) && !image.Empty()) return true;
        if (!loop) return false;
        _capture.Set(VideoCaptureProperties.PosFrames, 0);
        return _capture.Read(image) && !image.Empty();
    }

    public void Interrupt() { } // local files do not stall

    public void Dispose() => _capture?.Dispose();
}
