using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Capture;

/// <summary>Makes a camera's capture worker (the seam between capture and the inference service).</summary>
internal interface ICaptureFactory
{
    /// <param name="frameAvailable">Called after each frame queued (wakes the batcher).</param>
    /// <param name="workingSize">The model input's size: decoders scale selected frames to at most this.</param>
    CaptureWorker Create(CameraOptions camera, string baseDirectory, Action frameAvailable, (int Width, int Height) workingSize = default);
}

internal sealed class CaptureFactory(CaptureMetrics metrics, ILoggerFactory loggers, TimeProvider time, IEnumerable<ILiveVideoSink> live) : ICaptureFactory
{
    private readonly ILogger _logger = loggers.CreateLogger("RetinaNet.Edge.Capture");
    private readonly ILiveVideoSink? _live = live.FirstOrDefault(l => l.Accepting); // none without the HTTP server

    public CaptureWorker Create(CameraOptions camera, string baseDirectory, Action frameAvailable, (int Width, int Height) workingSize = default)
    {
        CaptureWorker? worker = null;
        worker = new CaptureWorker(camera, () => FrameSourceFactory.Create(camera, baseDirectory, decoderMessage: line => worker!.DecoderMessage(line), workingSize: workingSize, live: _live),
            frameAvailable, _logger, time, metrics);
        return worker;
    }
}
