using TorchSharp;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>Scalars that live for the whole process. TorchSharp 0.107 turns literal operands (<c>x + 1</c>, the
/// default alpha of <c>add</c>) into short-lived Scalar objects whose finalizer can free the native value while
/// libtorch still reads it (dotnet/TorchSharp#1434), which crashed long training runs at random. The training path
/// passes these instead. Created before any dispose scope exists (see <see cref="Init"/>).</summary>
internal static class Scalars
{
    public static readonly Scalar One = 1.0.ToScalar();
    public static readonly Scalar Zero = 0.0.ToScalar();

    public static void Init() => GC.KeepAlive(One);
}
