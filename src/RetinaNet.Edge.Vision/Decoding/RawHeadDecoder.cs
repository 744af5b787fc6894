using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RetinaNet.Edge.Vision.Anchors;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Decoding;

/// <summary>Decodes raw RetinaNet head maps (layouts A and B) level by level: threshold, top-k per level, box decode
/// against the layout's anchors, then class-wise NMS. Buffers are owned and reused, so decoding a frame allocates
/// nothing once the decoder has seen the largest candidate count. Not thread-safe: one instance per pipeline.</summary>
public sealed class RawHeadDecoder
{
    private readonly DecoderSettings _settings;
    private readonly float[][] _cellAnchors; // layout B: per level; layout A: see _odtkCells
    private readonly Dictionary<int, float[]> _odtkCells = [];
    private readonly int _anchorsPerCell;
    private readonly float _threshold; // in the class map's own units (probability for A, logit for B)
    private (float Score, int Index)[] _levelCandidates = new (float, int)[4096];
    private Detection[] _detections = new Detection[5 * 1000];
    private int _count;
    private int _inputWidth, _inputHeight;

    public RawHeadDecoder(DecoderSettings settings)
    {
        if (settings.Layout == OutputLayout.C) throw new ArgumentException("layout C has no raw heads", nameof(settings));
        _settings = settings;
        int levels = settings.Anchors.Strides.Count;
        _cellAnchors = new float[levels][];
        for (int l = 0; l < levels; l++)
        {
            // Layout A's anchors depend on the real stride of the level (input width ÷ map width), known per input size;
            // the nominal ones here only give the anchor count.
            _cellAnchors[l] = settings.Layout == OutputLayout.A
                ? OdtkAnchors.CellAnchors(settings.Anchors.Strides[l], settings.Anchors)
                : TorchvisionAnchors.CellAnchors(TorchvisionAnchors.BaseSizeOfLevel(l));
        }
        _anchorsPerCell = _cellAnchors[0].Length / 4;
        float t = settings.ScoreThreshold;
        _threshold = settings.Layout == OutputLayout.A ? t : MathF.Log(t / (1 - t));
    }

    public DecoderSettings Settings => _settings;
    public int AnchorsPerCell => _anchorsPerCell;

    /// <summary>Starts a new image of the network's input size.</summary>
    public void Begin(int inputWidth, int inputHeight)
    {
        _inputWidth = inputWidth;
        _inputHeight = inputHeight;
        _count = 0;
    }

    /// <summary>Adds one pyramid level: <paramref name="cls"/> is [A·K, H, W], <paramref name="box"/> is [A·4, H, W].</summary>
    public void AddLevel(int level, ReadOnlySpan<float> cls, ReadOnlySpan<float> box, int height, int width)
    {
        int k = _settings.NumClasses, a = _anchorsPerCell, hw = height * width;
        if (cls.Length != a * k * hw) throw new ArgumentException($"class map of level {level} has {cls.Length} values, expected {a}×{k}×{height}×{width}");
        if (box.Length != a * 4 * hw) throw new ArgumentException($"box map of level {level} has {box.Length} values, expected {a}×4×{height}×{width}");

        int n = SelectCandidates(cls);
        Emit(level, n, hw, height, width, k, box, default);
    }

    /// <summary>Adds one level of a class-reduced layout-A model: <paramref name="best"/> is [A, H·W] (the best class's
    /// probability per anchor), <paramref name="classes"/> [A, H·W] its index, <paramref name="box"/> [A·4, H, W].
    /// Reads K times fewer scores than <see cref="AddLevel"/>; each anchor proposes its best class only.</summary>
    public void AddReducedLevel(int level, ReadOnlySpan<float> best, ReadOnlySpan<int> classes, ReadOnlySpan<float> box, int height, int width)
    {
        int a = _anchorsPerCell, hw = height * width;
        if (_settings.Layout != OutputLayout.A) throw new InvalidOperationException("class-reduced maps are layout A");
        if (best.Length != a * hw || classes.Length != a * hw) throw new ArgumentException($"reduced class maps of level {level} have {best.Length}/{classes.Length} values, expected {a}×{height}×{width}");
        if (box.Length != a * 4 * hw) throw new ArgumentException($"box map of level {level} has {box.Length} values, expected {a}×4×{height}×{width}");
        int n = SelectCandidates(best);
        Emit(level, n, hw, height, width, 1, box, classes);
    }

    /// <summary>Decodes the level's selected candidates. A candidate's index is channel·H·W + position, the channel
    /// being anchor·<paramref name="k"/> + class (full maps) or the anchor (reduced maps, class from <paramref name="classes"/>).</summary>
    private void Emit(int level, int n, int hw, int height, int width, int k, ReadOnlySpan<float> box, ReadOnlySpan<int> classes)
    {
        bool layoutA = _settings.Layout == OutputLayout.A;
        // ODTK (model.py, box.py): one integer stride W // w for both axes, which also sizes the anchors and bounds the
        // boxes at (w·stride − 1, h·stride − 1). torchvision (AnchorGenerator): integer strides per axis, H // h and W // w.
        float strideX, strideY, maxX, maxY;
        float[] cell;
        if (layoutA)
        {
            int stride = OdtkAnchors.LevelStride(_inputWidth, width);
            strideX = strideY = stride;
            maxX = width * stride - 1;
            maxY = height * stride - 1;
            if (!_odtkCells.TryGetValue(stride, out cell!)) _odtkCells[stride] = cell = OdtkAnchors.CellAnchors(stride, _settings.Anchors);
        }
        else
        {
            strideX = _inputWidth / width;
            strideY = _inputHeight / height;
            maxX = _inputWidth;
            maxY = _inputHeight;
            cell = _cellAnchors[level];
        }
        EnsureDetectionCapacity(_count + n);
        for (int i = 0; i < n; i++)
        {
            var (score, index) = _levelCandidates[i];
            int channel = index / hw, pos = index - channel * hw;
            int anchor = channel / k, cls0 = classes.IsEmpty ? channel - anchor * k : classes[index];
            int y = pos / width, x = pos - y * width;
            float sx = x * strideX, sy = y * strideY;
            var anchorBox = new BoxF(cell[anchor * 4] + sx, cell[anchor * 4 + 1] + sy, cell[anchor * 4 + 2] + sx, cell[anchor * 4 + 3] + sy);
            int b = anchor * 4 * hw + pos;
            float dx = box[b], dy = box[b + hw], dw = box[b + 2 * hw], dh = box[b + 3 * hw];
            var decoded = layoutA ? DecodeOdtk(anchorBox, dx, dy, dw, dh, maxX, maxY) : DecodeTorchvision(anchorBox, dx, dy, dw, dh, maxX, maxY);
            float prob = layoutA ? score : 1f / (1f + MathF.Exp(-score));
            _detections[_count++] = new Detection(decoded, prob, cls0);
        }
    }

    /// <summary>Runs NMS over everything added since <see cref="Begin"/> and returns the kept detections, best first.
    /// The span stays valid until the next <see cref="Begin"/>.</summary>
    public ReadOnlySpan<Detection> Finish()
    {
        int kept = Nms.ClassWise(_detections.AsSpan(0, _count), _settings.NmsThreshold, _settings.MaxDetections,
            plusOne: _settings.Layout == OutputLayout.A);
        return _detections.AsSpan(0, kept);
    }

    /// <summary>Collects (score, index) of every value above the threshold, then keeps the top-k. Scores are mostly
    /// far below the threshold, so the scan compares 8 (AVX) or 4 lanes at a time and only looks closer at blocks
    /// with a hit.</summary>
    private int SelectCandidates(ReadOnlySpan<float> cls)
    {
        int n = 0, i = 0;
        float t = _threshold;
        if (Vector256.IsHardwareAccelerated && cls.Length >= Vector256<float>.Count)
        {
            var tv = Vector256.Create(t);
            ref float start = ref MemoryMarshal.GetReference(cls);
            const int block = 4 * 8;
            for (; i <= cls.Length - block; i += block)
            {
                // Four vectors per test: one branch per 32 scores in the common case of no hit.
                var any = Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)i), tv)
                        | Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)(i + 8)), tv)
                        | Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)(i + 16)), tv)
                        | Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)(i + 24)), tv);
                if (any == Vector256<float>.Zero) continue;
                for (int k = i; k < i + block; k += 8)
                {
                    uint m = Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)k), tv).ExtractMostSignificantBits();
                    while (m != 0)
                    {
                        int lane = BitOperations.TrailingZeroCount(m);
                        m &= m - 1;
                        Add(ref n, cls[k + lane], k + lane);
                    }
                }
            }
            for (; i <= cls.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                uint mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)i), tv).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int lane = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    Add(ref n, cls[i + lane], i + lane);
                }
            }
        }
        for (; i < cls.Length; i++)
            if (cls[i] > t) Add(ref n, cls[i], i);
        int topK = _settings.TopKPerLevel;
        if (n > topK)
        {
            SelectTop(_levelCandidates.AsSpan(0, n), topK); // the level's k best, unordered: NMS orders what survives
            n = topK;
        }
        return n;
    }

    /// <summary>Moves the <paramref name="k"/> highest scores to the front (Hoare quickselect, median-of-three pivot;
    /// ties broken by index, so the result is deterministic).</summary>
    private static void SelectTop(Span<(float Score, int Index)> items, int k)
    {
        static bool Before((float Score, int Index) a, (float Score, int Index) b) => a.Score > b.Score || (a.Score == b.Score && a.Index < b.Index);
        int lo = 0, hi = items.Length - 1;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (Before(items[mid], items[lo])) (items[mid], items[lo]) = (items[lo], items[mid]);
            if (Before(items[hi], items[lo])) (items[hi], items[lo]) = (items[lo], items[hi]);
            if (Before(items[hi], items[mid])) (items[hi], items[mid]) = (items[mid], items[hi]);
            var pivot = items[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (Before(items[i], pivot)) i++;
                while (Before(pivot, items[j])) j--;
                if (i <= j) { (items[i], items[j]) = (items[j], items[i]); i++; j--; }
            }
            if (k - 1 <= j) hi = j;
            else if (k - 1 >= i) lo = i;
            else return;
        }
    }

    private void Add(ref int n, float score, int index)
    {
        if (n == _levelCandidates.Length) Array.Resize(ref _levelCandidates, n * 2);
        _levelCandidates[n++] = (score, index);
    }

    private static BoxF DecodeOdtk(in BoxF anchor, float dx, float dy, float dw, float dh, float maxX, float maxY)
    {
        float w = anchor.X2 - anchor.X1 + 1, h = anchor.Y2 - anchor.Y1 + 1;
        float cx = anchor.X1 + 0.5f * w, cy = anchor.Y1 + 0.5f * h;
        float pcx = dx * w + cx, pcy = dy * h + cy;
        float pw = MathF.Exp(dw) * w, ph = MathF.Exp(dh) * h;
        return new BoxF(
            Math.Clamp(pcx - 0.5f * pw, 0, maxX), Math.Clamp(pcy - 0.5f * ph, 0, maxY),
            Math.Clamp(pcx + 0.5f * pw - 1, 0, maxX), Math.Clamp(pcy + 0.5f * ph - 1, 0, maxY));
    }

    private BoxF DecodeTorchvision(in BoxF anchor, float dx, float dy, float dw, float dh, float maxX, float maxY)
    {
        float w = anchor.X2 - anchor.X1, h = anchor.Y2 - anchor.Y1;
        float cx = anchor.X1 + 0.5f * w, cy = anchor.Y1 + 0.5f * h;
        dw = MathF.Min(dw, _settings.BoxDeltaClamp);
        dh = MathF.Min(dh, _settings.BoxDeltaClamp);
        float pcx = dx * w + cx, pcy = dy * h + cy;
        float pw = MathF.Exp(dw) * w, ph = MathF.Exp(dh) * h;
        return new BoxF(
            Math.Clamp(pcx - 0.5f * pw, 0, maxX), Math.Clamp(pcy - 0.5f * ph, 0, maxY),
            Math.Clamp(pcx + 0.5f * pw, 0, maxX), Math.Clamp(pcy + 0.5f * ph, 0, maxY));
    }

    private void EnsureDetectionCapacity(int needed)
    {
        if (needed > _detections.Length) Array.Resize(ref _detections, Math.Max(needed, _detections.Length * 2));
    }
}
