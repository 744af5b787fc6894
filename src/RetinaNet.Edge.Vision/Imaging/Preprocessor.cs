using OpenCvSharp;

namespace RetinaNet.Edge.Vision.Imaging;

/// <summary>BGR frame → network input: resize (letterbox or stretch) into a reused canvas, then RGB, /255 and
/// ImageNet mean/std into a CHW float span through per-channel lookup tables. Allocation-free after construction;
/// one instance per thread.</summary>
public sealed class Preprocessor : IDisposable
{
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    private readonly Mat _canvas;
    private readonly float[] _lut = new float[3 * 256]; // [R, G, B] tables
    private readonly Scalar _padColor;
    private Mat? _roi;
    private Rect _roiRect;

    public Preprocessor(int inputWidth, int inputHeight, ResizeMode mode)
    {
        InputWidth = inputWidth;
        InputHeight = inputHeight;
        Mode = mode;
        for (int c = 0; c < 3; c++)
            for (int v = 0; v < 256; v++) _lut[c * 256 + v] = (v / 255f - Mean[c]) / Std[c];
        _padColor = new Scalar(Mean[2] * 255, Mean[1] * 255, Mean[0] * 255); // BGR of the mean: pads become 0
        _canvas = new Mat(inputHeight, inputWidth, MatType.CV_8UC3, _padColor);
    }

    public int InputWidth { get; }
    public int InputHeight { get; }
    public ResizeMode Mode { get; }

    /// <summary>The letterboxed/stretched BGR input of the last call (for drawing or debugging).</summary>
    public Mat Canvas => _canvas;

    public int TensorLength => 3 * InputWidth * InputHeight;

    /// <summary>Writes <paramref name="bgr"/> as a normalized RGB CHW tensor into <paramref name="destination"/>
    /// (length 3·H·W) and returns the source→input transform.</summary>
    public unsafe FrameTransform Run(Mat bgr, Span<float> destination)
    {
        if (bgr.Type() != MatType.CV_8UC3) throw new ArgumentException($"expected an 8-bit BGR frame, got {bgr.Type()}");
        if (destination.Length < TensorLength) throw new ArgumentException("destination too small");
        var t = FrameTransform.Create(bgr.Width, bgr.Height, InputWidth, InputHeight, Mode);
        var (w, h) = t.ContentSize;
        if (w == InputWidth && h == InputHeight)
        {
            if (bgr.Width == w && bgr.Height == h) bgr.CopyTo(_canvas);
            else Cv2.Resize(bgr, _canvas, new Size(w, h), 0, 0, InterpolationFlags.Linear);
        }
        else
        {
            var rect = new Rect((int)t.PadX, (int)t.PadY, w, h);
            if (_roi is null || _roiRect != rect)
            {
                // The padding only changes with the source size: clear and re-cut the canvas then, not per frame.
                _canvas.SetTo(_padColor);
                _roi?.Dispose();
                _roi = new Mat(_canvas, rect);
                _roiRect = rect;
            }
            Cv2.Resize(bgr, _roi, new Size(w, h), 0, 0, InterpolationFlags.Linear);
        }
        Pack(_canvas, destination);
        return t;
    }

    /// <summary>Packs an input-sized BGR image into normalized RGB CHW.</summary>
    public unsafe void Pack(Mat canvas, Span<float> destination)
    {
        int plane = InputWidth * InputHeight;
        fixed (float* lut = _lut)
        fixed (float* dst = destination)
        {
            float* r = dst, g = dst + plane, b = dst + 2 * plane;
            float* lr = lut, lg = lut + 256, lb = lut + 512;
            for (int y = 0; y < InputHeight; y++)
            {
                byte* row = (byte*)canvas.Ptr(y);
                int o = y * InputWidth;
                for (int x = 0; x < InputWidth; x++)
                {
                    byte* p = row + 3 * x;
                    b[o + x] = lb[p[0]];
                    g[o + x] = lg[p[1]];
                    r[o + x] = lr[p[2]];
                }
            }
        }
    }

    public void Dispose()
    {
        _roi?.Dispose();
        _canvas.Dispose();
    }
}
