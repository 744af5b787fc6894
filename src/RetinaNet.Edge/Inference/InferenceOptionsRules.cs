using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Inference;

/// <summary><c>inference</c>: no provider listed twice; a native ONNX Runtime library is a library this machine loads.</summary>
internal sealed class InferenceOptionsRules(ConfigSite site) : StageRules<InferenceOptions>(site)
{
    public override void Check(InferenceOptions inference, List<string> problems)
    {
        if (inference.Providers.Distinct().Count() < inference.Providers.Count)
            problems.Add($"{Site.File}: 'inference.providers' = {Redaction.Show(string.Join(",", inference.Providers.Select(p => p.Name())))}: a provider is listed twice");
        if (inference.NativeLibrary is not { } lib || !CheckFile("inference.nativeLibrary", lib, 4L << 30, problems)) return;
        if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(Site.Resolve(lib), out var handle))
            problems.Add($"{Site.File}: 'inference.nativeLibrary' = {Redaction.Show(lib)}: not a loadable native library (wrong architecture, missing dependencies, or not a library)");
        else System.Runtime.InteropServices.NativeLibrary.Free(handle);
    }
}
