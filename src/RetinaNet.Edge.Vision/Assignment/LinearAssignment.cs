namespace RetinaNet.Edge.Vision.Assignment;

/// <summary>Optimal assignment (Hungarian method with potentials, O(n²m)) on a rows×cols cost matrix; pairs whose
/// cost exceeds <c>maxCost</c> are left unassigned. An instance keeps its work arrays, so repeated solves (one per
/// frame in the tracker) allocate nothing once they have seen the largest size; not thread-safe.</summary>
public sealed class LinearAssignment
{
    private double[] _u = [], _v = [], _minv = [];
    private int[] _p = [], _way = [];
    private bool[] _used = [];

    /// <summary>Returns, for each row, the assigned column or −1.</summary>
    public static int[] Solve(double[,] cost, double maxCost)
    {
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        var flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) flat[i * cols + j] = cost[i, j];
        var result = new int[rows];
        new LinearAssignment().Solve(flat, rows, cols, maxCost, result);
        return result;
    }

    /// <summary>Solves the row-major <paramref name="cost"/> (rows × cols) into <paramref name="result"/> (per row: column or −1).</summary>
    public void Solve(ReadOnlySpan<double> cost, int rows, int cols, double maxCost, Span<int> result)
    {
        result[..rows].Fill(-1);
        if (rows == 0 || cols == 0) return;
        bool transpose = rows > cols;
        int n = transpose ? cols : rows, m = transpose ? rows : cols; // n ≤ m
        Ensure(m + 1);
        var u = _u.AsSpan(0, n + 1);
        var v = _v.AsSpan(0, m + 1);
        var p = _p.AsSpan(0, m + 1);
        var way = _way.AsSpan(0, m + 1);
        var minv = _minv.AsSpan(0, m + 1);
        var used = _used.AsSpan(0, m + 1);
        u.Clear(); v.Clear(); p.Clear(); way.Clear();
        double forbidden = maxCost * 2 + 1;
        for (int i = 1; i <= n; i++)
        {
            p[0] = i;
            int j0 = 0;
            minv.Fill(double.PositiveInfinity);
            used.Clear();
            do
            {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j]) continue;
                    double c = transpose ? cost[(j - 1) * cols + (i0 - 1)] : cost[(i0 - 1) * cols + (j - 1)];
                    if (c > maxCost) c = forbidden; // forbidden pairs become expensive, then dropped below
                    double cur = c - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (int j = 0; j <= m; j++)
                {
                    if (used[j]) { u[p[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (p[j0] != 0);
            do
            {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        for (int j = 1; j <= m; j++)
        {
            if (p[j] == 0) continue;
            int r = transpose ? j - 1 : p[j] - 1, c = transpose ? p[j] - 1 : j - 1;
            if (cost[r * cols + c] <= maxCost) result[r] = c;
        }
    }

    private void Ensure(int size)
    {
        if (_u.Length >= size) return;
        _u = new double[size]; _v = new double[size]; _minv = new double[size];
        _p = new int[size]; _way = new int[size]; _used = new bool[size];
    }
}
