using System.Threading.Channels;
using RetinaNet.Edge.Capture;
using RetinaNet.Edge.Vision.Decoding;

namespace RetinaNet.Edge.Cameras;

/// <summary>One running camera as inference sees it: the frames its capture queued, whether capture is over, and where
/// the frame's detections go (the camera's post-processing: tracking, events, zones). Inference reads frames and hands
/// back detections; it never touches the capture behind <see cref="Frames"/>.</summary>
internal interface ICameraLane
{
    string Name { get; }

    /// <summary>The camera's bounded frame queue (the current capture's, also after the capture was replaced).</summary>
    ChannelReader<Frame> Frames { get; }

    /// <summary>Capture has stopped or reached the end of its file: no frame will come.</summary>
    bool CaptureOver { get; }

    /// <summary>Post-processes one frame's detections; called in each camera's frame order.</summary>
    void OnDetections(Frame frame, ReadOnlySpan<Detection> detections);

    /// <summary>Post-processing of a frame threw: counted and shown in the camera's status.</summary>
    void PostProcessingFailed(Exception e);

    /// <summary>The agent stops: open tracks end and the camera's status is published once more.</summary>
    void Close();
}
