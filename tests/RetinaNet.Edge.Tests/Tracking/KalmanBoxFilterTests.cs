using RetinaNet.Edge.Tracking;
using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Tests.Tracking;

public class KalmanBoxFilterTests
{
    [Fact]
    public void Predict_AfterConstantMotion_ExtrapolatesVelocity()
    {
        var f = new KalmanBoxFilter(new BoxF(0, 0, 40, 40));
        for (int i = 1; i <= 20; i++)
        {
            f.Predict();
            f.Update(new BoxF(5 * i, 2 * i, 5 * i + 40, 2 * i + 40));
        }
        f.Predict();
        var b = f.Box;
        Assert.InRange(b.CenterX, 5 * 21 + 20 - 1, 5 * 21 + 20 + 1);
        Assert.InRange(b.CenterY, 2 * 21 + 20 - 1, 2 * 21 + 20 + 1);
        Assert.InRange(b.Width, 39, 41);
        var (vx, vy) = f.Velocity;
        Assert.InRange(vx, 4.5, 5.5);
        Assert.InRange(vy, 1.5, 2.5);
    }

    [Fact]
    public void Update_StationaryObject_StaysPut()
    {
        var f = new KalmanBoxFilter(new BoxF(100, 100, 150, 200));
        for (int i = 0; i < 10; i++) { f.Predict(); f.Update(new BoxF(100, 100, 150, 200)); }
        var b = f.Box;
        Assert.Equal(100, b.X1, 0.5f);
        Assert.Equal(100, b.Y1, 0.5f);
        Assert.Equal(150, b.X2, 0.5f);
        Assert.Equal(200, b.Y2, 0.5f);
    }
}
