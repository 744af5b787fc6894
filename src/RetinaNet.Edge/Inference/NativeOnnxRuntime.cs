using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace RetinaNet.Edge.Inference;

/// <summary>Points ONNX Runtime's managed API at another native library (a GPU build such as JetPack's
/// libonnxruntime.so) instead of the bundled CPU one. Must run before the first ONNX Runtime call.</summary>
internal static class NativeOnnxRuntime
{
    private static string? _configured;

    public static void Use(string libraryPath)
    {
        if (!File.Exists(libraryPath)) throw new ModelLoadException($"inference.nativeLibrary: {libraryPath} not found");
        if (_configured == libraryPath) return;
        if (_configured is not null) throw new InvalidOperationException("the ONNX Runtime native library is already chosen");
        _configured = libraryPath;
        NativeLibrary.SetDllImportResolver(typeof(InferenceSession).Assembly, (name, assembly, path) =>
            name is "onnxruntime" or "libonnxruntime" or "libonnxruntime.so" ? NativeLibrary.Load(libraryPath) : IntPtr.Zero);
    }
}
