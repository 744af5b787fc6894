using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Vision.Decoding;

/// <summary>Reads already-decoded outputs (layout C) of one image: mmdeploy's `dets` [n, 5] (x1, y1, x2, y2, score) with
/// `labels` [n], or `boxes` [n, 4] with `scores` [n] and `labels` [n]. Applies the score threshold and max count.</summary>
public sealed class EndToEndDecoder(DecoderSettings settings)
{
    private Detection[] _detections = new Detection[256];

    public ReadOnlySpan<Detection> DecodeDets(ReadOnlySpan<float> dets, ReadOnlySpan<long> labels)
    {
        int n = labels.Length;
        if (dets.Length != n * 5) throw new ArgumentException($"`dets` has {dets.Length} values for {n} labels, expected {n}×5");
        Ensure(n);
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            var d = dets.Slice(i * 5, 5);
            if (d[4] < settings.ScoreThreshold) continue;
            _detections[count++] = new Detection(new BoxF(d[0], d[1], d[2], d[3]), d[4], (int)labels[i]);
        }
        return Finish(count);
    }

    public ReadOnlySpan<Detection> DecodeBoxes(ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, ReadOnlySpan<long> labels)
    {
        int n = labels.Length;
        if (boxes.Length != n * 4 || scores.Length != n) throw new ArgumentException($"`boxes`/`scores` sizes {boxes.Length}/{scores.Length} do not match {n} labels");
        Ensure(n);
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            if (scores[i] < settings.ScoreThreshold) continue;
            var b = boxes.Slice(i * 4, 4);
            _detections[count++] = new Detection(new BoxF(b[0], b[1], b[2], b[3]), scores[i], (int)labels[i]);
        }
        return Finish(count);
    }

    private void Ensure(int n)
    {
        if (_detections.Length < n) Array.Resize(ref _detections, n);
    }

    private ReadOnlySpan<Detection> Finish(int count)
    {
        var span = _detections.AsSpan(0, count);
        span.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        return span[..Math.Min(count, settings.MaxDetections)];
    }
}
