using OpenCvSharp;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Synthetic;

/// <summary>Settings of still synthetic scenes.</summary>
public sealed record SceneSettings
{
    public int Width { get; init; } = 320;
    public int Height { get; init; } = 320;
    public int MinObjects { get; init; } = 1;
    public int MaxObjects { get; init; } = 8;
    /// <summary>Smallest object side in pixels.</summary>
    public float MinSize { get; init; } = 16;
    /// <summary>Largest object side as a fraction of the shorter image side.</summary>
    public float MaxSizeFraction { get; init; } = 1f / 3;
    /// <summary>An object stays in the ground truth only if at least this fraction of it is visible.</summary>
    public float MinVisibility { get; init; } = 0.5f;
    /// <summary>Share of objects placed across a frame edge (cut off by it, as objects entering or leaving a camera's
    /// view are); their ground truth boxes what is inside the frame. 0 keeps every object whole.</summary>
    public float TruncatedFraction { get; init; }
}

/// <summary>Renders a scene with exact ground truth: boxes of the drawn outlines, classes, visibility.</summary>
public sealed class SceneGenerator(Backgrounds backgrounds, SceneSettings settings)
{
    public SceneSettings Settings => settings;

    public (Mat Image, List<(BoxF Box, ShapeKind Kind)> Truth) Render(Random rng)
    {
        var image = backgrounds.Next(rng, settings.Width, settings.Height);
        int wanted = rng.Next(settings.MinObjects, settings.MaxObjects + 1);
        var placed = new List<SceneObject>();
        for (int attempt = 0; attempt < wanted * 6 && placed.Count < wanted; attempt++)
        {
            var candidate = RandomObject(rng);
            placed.Add(candidate);
            if (!AllVisible(placed)) placed.RemoveAt(placed.Count - 1);
        }
        foreach (var o in placed) o.Draw(image);
        Photometric.Apply(image, rng);
        var truth = placed.Select(o => (o.VisibleBounds(settings.Width, settings.Height) ?? o.Bounds().Clamp(settings.Width, settings.Height), o.Kind)).ToList();
        return (image, truth);
    }

    /// <summary>A random object fully inside the frame.</summary>
    public SceneObject RandomObject(Random rng)
    {
        float maxSize = MathF.Max(settings.MinSize, MathF.Min(settings.Width, settings.Height) * settings.MaxSizeFraction);
        // Log-uniform sizes: as many small objects as large ones.
        float size = MathF.Exp(MathF.Log(settings.MinSize) + (float)rng.NextDouble() * (MathF.Log(maxSize) - MathF.Log(settings.MinSize)));
        float aspect = (float)Math.Exp((rng.NextDouble() - 0.5) * 0.6);
        float w = size * MathF.Sqrt(aspect), h = size / MathF.Sqrt(aspect);
        var kind = (ShapeKind)rng.Next(ShapeCatalog.Count);
        float angle = kind == ShapeKind.Circle ? 0 : (float)(rng.NextDouble() * 40 - 20);
        float half = 0.75f * MathF.Max(w, h);
        float cx = half + (float)rng.NextDouble() * MathF.Max(1, settings.Width - 2 * half);
        float cy = half + (float)rng.NextDouble() * MathF.Max(1, settings.Height - 2 * half);
        if (settings.TruncatedFraction > 0 && rng.NextDouble() < settings.TruncatedFraction)
        {
            // Centre near one of the four edges, up to 40 % of the object outside.
            float shift = (float)(rng.NextDouble() * 0.9 - 0.4);
            switch (rng.Next(4))
            {
                case 0: cx = shift * w; break;
                case 1: cx = settings.Width - shift * w; break;
                case 2: cy = shift * h; break;
                default: cy = settings.Height - shift * h; break;
            }
        }
        return new SceneObject(kind, cx, cy, w, h, angle, JitteredColor(kind, rng));
    }

    public static Scalar JitteredColor(ShapeKind kind, Random rng)
    {
        var (b, g, r) = ShapeCatalog.BaseColors[(int)kind];
        int J(int v) => Math.Clamp(v + rng.Next(-30, 31), 0, 255);
        return new Scalar(J(b), J(g), J(r));
    }

    /// <summary>True when every object keeps at least MinVisibility of its pixels after later objects are drawn over it.</summary>
    private bool AllVisible(List<SceneObject> objects)
    {
        var vis = Visibility(objects, settings.Width, settings.Height, countOutside: settings.TruncatedFraction > 0);
        return vis.All(v => v >= settings.MinVisibility);
    }

    /// <summary>Visible fraction of each object when drawn in list order (later objects on top); with
    /// <paramref name="countOutside"/> the part outside the frame counts as hidden too.</summary>
    public static float[] Visibility(IReadOnlyList<SceneObject> objects, int width, int height, bool countOutside = false)
    {
        using var labels = new Mat(height, width, MatType.CV_16UC1, Scalar.All(0));
        var full = new int[objects.Count];
        using var single = new Mat(height, width, MatType.CV_8UC1);
        for (int i = 0; i < objects.Count; i++)
        {
            single.SetTo(Scalar.All(0));
            objects[i].DrawMask(single, 255);
            full[i] = Cv2.CountNonZero(single);
            if (countOutside) full[i] = Math.Max(full[i], (int)Cv2.ContourArea(objects[i].Outline()));
            objects[i].DrawMask(labels, i + 1);
        }
        var visible = new float[objects.Count];
        using var eq = new Mat();
        for (int i = 0; i < objects.Count; i++)
        {
            Cv2.Compare(labels, new Scalar(i + 1), eq, CmpTypes.EQ);
            visible[i] = full[i] == 0 ? 0 : Cv2.CountNonZero(eq) / (float)full[i];
        }
        return visible;
    }
}
