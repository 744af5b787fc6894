using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Anchors;

/// <summary>Anchors in the ODTK / ONNX-zoo convention (layout A): scale-major order a = s·R + r, ratio r = h/w,
/// w = sqrt(stride²/r)·scale, h = w·r, corners 0.5·(stride ∓ size) shifted by (x·stride, y·stride).</summary>
public static class OdtkAnchors
{
    /// <summary>ODTK's stride of a level (<c>model.py</c>: <c>x.shape[-1] // cls_head.shape[-1]</c>): input width
    /// integer-divided by the map width, one stride for both axes. It sizes the level's anchors, shifts its cells and
    /// bounds its boxes; at 480×640 P6 and P7 are 64 and 128 vertically too, and at widths that are not multiples of
    /// 128 the deep levels get strides below the nominal 64/128 (e.g. 600 px: P7 is 5 wide, stride 120).</summary>
    public static int LevelStride(int inputWidth, int mapWidth) => mapWidth <= 0 ? throw new ArgumentOutOfRangeException(nameof(mapWidth)) : inputWidth / mapWidth;

    /// <summary>The A anchors of one cell at the origin for <paramref name="stride"/>, as x1,y1,x2,y2 quadruples.</summary>
    public static float[] CellAnchors(float stride, AnchorSettings settings)
    {
        var scales = settings.Scales();
        var ratios = settings.Ratios;
        var result = new float[scales.Length * ratios.Count * 4];
        int i = 0;
        foreach (var scale in scales)
        {
            foreach (var ratio in ratios)
            {
                float w = MathF.Sqrt(stride * stride / ratio) * scale;
                float h = w * ratio;
                result[i++] = 0.5f * (stride - w);
                result[i++] = 0.5f * (stride - h);
                result[i++] = 0.5f * (stride + w);
                result[i++] = 0.5f * (stride + h);
            }
        }
        return result;
    }

    /// <summary>All anchors of a level laid out as the head's outputs are: index = (a·H + y)·W + x, cells shifted by
    /// (x·stride, y·stride). Pass ODTK's <see cref="LevelStride"/> for a real input size.</summary>
    public static BoxF[] LevelAnchors(float stride, int height, int width, AnchorSettings settings)
    {
        float sx0 = stride, sy0 = stride;
        var cell = CellAnchors(stride, settings);
        int count = cell.Length / 4;
        var boxes = new BoxF[count * height * width];
        int i = 0;
        for (int a = 0; a < count; a++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    float sx = x * sx0, sy = y * sy0;
                    boxes[i++] = new BoxF(cell[a * 4] + sx, cell[a * 4 + 1] + sy, cell[a * 4 + 2] + sx, cell[a * 4 + 3] + sy);
                }
        return boxes;
    }

    /// <summary>Feature-map size of each level for an input, matching a ResNet/FPN with "same" padding (ceil division).</summary>
    public static (int Height, int Width)[] LevelSizes(int inputHeight, int inputWidth, IReadOnlyList<int> strides)
    {
        var sizes = new (int, int)[strides.Count];
        int h = inputHeight, w = inputWidth;
        // Stem: conv s2 then maxpool s2 → /4; each following stage halves with ceil, as padded 3×3 stride-2 convs do.
        h = Ceil(Ceil(h, 2), 2); w = Ceil(Ceil(w, 2), 2);
        int stride = 4, level = 0;
        while (level < strides.Count)
        {
            h = Ceil(h, 2); w = Ceil(w, 2); stride *= 2;
            if (stride == strides[level]) sizes[level++] = (h, w);
        }
        return sizes;

        static int Ceil(int v, int d) => (v + d - 1) / d;
    }

    /// <summary>All anchors of all levels, concatenated in level order.</summary>
    public static BoxF[] AllAnchors(int inputHeight, int inputWidth, AnchorSettings settings)
    {
        var sizes = LevelSizes(inputHeight, inputWidth, settings.Strides);
        var all = new List<BoxF>();
        for (int l = 0; l < sizes.Length; l++)
            all.AddRange(LevelAnchors(settings.Strides[l], sizes[l].Height, sizes[l].Width, settings));
        return [.. all];
    }
}
