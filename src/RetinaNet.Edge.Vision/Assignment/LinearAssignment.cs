namespace RetinaNet.Edge.Vision.Assignment;

/// <summary>Optimal assignment (Hungarian method with potentials, O(n²m)) on a rows×cols cost matrix; pairs whose
/// cost exceeds <c>maxCost</c> are left unassigned.</summary>
public static class LinearAssignment
{
    /// <summary>Returns, for each row, the assigned column or −1.</summary>
    public static int[] Solve(double[,] cost, double maxCost)
    {
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        var result = new int[rows];
        Array.Fill(result, -1);
        if (rows == 0 || cols == 0) return result;
        bool transpose = rows > cols;
        int n = transpose ? cols : rows, m = transpose ? rows : cols; // n ≤ m
        double C(int i, int j)
        {
            double c = transpose ? cost[j, i] : cost[i, j];
            return c > maxCost ? maxCost * 2 + 1 : c; // forbidden pairs become expensive, then dropped below
        }
        var u = new double[n + 1];
        var v = new double[m + 1];
        var p = new int[m + 1];
        var way = new int[m + 1];
        var minv = new double[m + 1];
        var used = new bool[m + 1];
        for (int i = 1; i <= n; i++)
        {
            p[0] = i;
            int j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j]) continue;
                    double cur = C(i0 - 1, j - 1) - u[i0] - v[j];
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
            if (cost[r, c] <= maxCost) result[r] = c;
        }
        return result;
    }
}
