using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Tracking;

/// <summary>Constant-velocity Kalman filter on (cx, cy, aspect w/h, h) and their velocities, with noise scaled by
/// the box height (the SORT / DeepSORT / ByteTrack formulation). Plain arrays; no allocation per step.</summary>
internal sealed class KalmanBoxFilter
{
    private const double PositionWeight = 1.0 / 20, VelocityWeight = 1.0 / 160;
    private readonly double[] _x = new double[8];
    private readonly double[,] _p = new double[8, 8];

    public KalmanBoxFilter(BoxF box)
    {
        Span<double> z = stackalloc double[4];
        Measure(box, z);
        z.CopyTo(_x);
        double h = z[3];
        double[] std = [2 * PositionWeight * h, 2 * PositionWeight * h, 1e-2, 2 * PositionWeight * h, 10 * VelocityWeight * h, 10 * VelocityWeight * h, 1e-5, 10 * VelocityWeight * h];
        for (int i = 0; i < 8; i++) _p[i, i] = std[i] * std[i];
    }

    public BoxF Box
    {
        get
        {
            double w = _x[2] * _x[3], h = _x[3];
            return new BoxF((float)(_x[0] - w / 2), (float)(_x[1] - h / 2), (float)(_x[0] + w / 2), (float)(_x[1] + h / 2));
        }
    }

    public (double Vx, double Vy) Velocity => (_x[4], _x[5]);

    /// <summary>x ← F x, P ← F P Fᵀ + Q (one frame step).</summary>
    public void Predict()
    {
        double h = _x[3];
        for (int i = 0; i < 4; i++) _x[i] += _x[i + 4];
        // P = F P Fᵀ with F = [[I, I], [0, I]]
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 8; j++) _p[i, j] += _p[i + 4, j];
        for (int j = 0; j < 4; j++)
            for (int i = 0; i < 8; i++) _p[i, j] += _p[i, j + 4];
        Span<double> q = [PositionWeight * h, PositionWeight * h, 1e-2, PositionWeight * h, VelocityWeight * h, VelocityWeight * h, 1e-5, VelocityWeight * h];
        for (int i = 0; i < 8; i++) _p[i, i] += q[i] * q[i];
    }

    /// <summary>Standard Kalman update with H = [I 0] and measurement noise scaled by the height.</summary>
    public void Update(BoxF box)
    {
        Span<double> z = stackalloc double[4];
        Measure(box, z);
        double h = _x[3];
        Span<double> r = [PositionWeight * h, PositionWeight * h, 1e-1, PositionWeight * h];
        // S = H P Hᵀ + R (4×4), K = P Hᵀ S⁻¹ (8×4)
        Span<double> m8 = stackalloc double[32]; // [S | I] for Gauss-Jordan, 4 rows × 8
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) { m8[i * 8 + j] = _p[i, j] + (i == j ? r[i] * r[i] : 0); m8[i * 8 + 4 + j] = i == j ? 1 : 0; }
        Invert4(m8);
        Span<double> k = stackalloc double[32];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 4; j++)
            {
                double sum = 0;
                for (int m = 0; m < 4; m++) sum += _p[i, m] * m8[m * 8 + 4 + j];
                k[i * 4 + j] = sum;
            }
        Span<double> y = stackalloc double[4];
        for (int i = 0; i < 4; i++) y[i] = z[i] - _x[i];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 4; j++) _x[i] += k[i * 4 + j] * y[j];
        // P ← (I − K H) P
        Span<double> hp = stackalloc double[32];
        for (int m = 0; m < 4; m++)
            for (int j = 0; j < 8; j++) hp[m * 8 + j] = _p[m, j];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
            {
                double sum = 0;
                for (int m = 0; m < 4; m++) sum += k[i * 4 + m] * hp[m * 8 + j];
                _p[i, j] -= sum;
            }
    }

    private static void Measure(BoxF b, Span<double> z)
    {
        double w = Math.Max(1e-3, b.Width), h = Math.Max(1e-3, b.Height);
        z[0] = b.X1 + w / 2; z[1] = b.Y1 + h / 2; z[2] = w / h; z[3] = h;
    }

    /// <summary>Gauss-Jordan with partial pivoting on [A | I] (4 × 8, row-major); leaves A⁻¹ in columns 4–7.</summary>
    private static void Invert4(Span<double> m)
    {
        for (int c = 0; c < 4; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < 4; r++) if (Math.Abs(m[r * 8 + c]) > Math.Abs(m[pivot * 8 + c])) pivot = r;
            if (pivot != c) for (int j = 0; j < 8; j++) (m[c * 8 + j], m[pivot * 8 + j]) = (m[pivot * 8 + j], m[c * 8 + j]);
            double d = m[c * 8 + c];
            for (int j = 0; j < 8; j++) m[c * 8 + j] /= d;
            for (int r = 0; r < 4; r++)
            {
                if (r == c) continue;
                double f = m[r * 8 + c];
                if (f == 0) continue;
                for (int j = 0; j < 8; j++) m[r * 8 + j] -= f * m[c * 8 + j];
            }
        }
    }
}
