using RetinaNet.Edge.Vision.Assignment;

namespace RetinaNet.Edge.Vision.Tests.Assignment;

public class LinearAssignmentTests
{
    [Fact]
    public void Solve_GreedyWouldFail_FindsOptimum()
    {
        // Greedy takes (1,1)=0 first and ends at 0+3+3 = 6; the optimum is (0,1)+(1,0)+(2,2) = 1+2+2 = 5.
        var cost = new double[,] { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } };
        Assert.Equal([1, 0, 2], LinearAssignment.Solve(cost, 10));
    }

    [Fact]
    public void Solve_CostAboveGate_LeftUnassigned()
    {
        var cost = new double[,] { { 0.1, 0.9 }, { 0.95, 0.99 } };
        Assert.Equal([0, -1], LinearAssignment.Solve(cost, 0.7));
    }

    [Fact]
    public void Solve_MoreRowsThanColumns_AssignsBestRows()
    {
        var cost = new double[,] { { 0.5 }, { 0.1 }, { 0.3 } };
        Assert.Equal([-1, 0, -1], LinearAssignment.Solve(cost, 1));
    }
}
