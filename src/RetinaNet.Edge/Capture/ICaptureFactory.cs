using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Capture;

/// <summary>Makes a camera's capture worker (the seam between capture and the inference service).</summary>
internal interface ICaptureFactory
{
    /// <param name="frameAvailable">Called after each frame queued (wakes the batcher).</param>
    CaptureWorker Create(CameraOptions camera, string baseDirectory, Action frameAvailable);
}

internal sealed class CaptureFactory(CaptureMetrics metrics, ILoggerFactory loggers, TimeProvider time) : ICaptureFactory
{
    private readonly ILogger _logger = loggers.CreateLogger("RetinaNet.Edge.Capture");

    public CaptureWorker Create(CameraOptions camera, string baseDirectory, Action frameAvailable)
    {
        CaptureWorker? worker = null;
        worker = new CaptureWorker(camera, () => FrameSourceFactory.Create(camera, baseDirectory, decoderMessage: line => worker!.DecoderMessage(line)),
            frameAvailable, _logger, time, metrics);
        return worker;
    }
}
