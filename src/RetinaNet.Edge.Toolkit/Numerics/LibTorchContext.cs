using System.Runtime.InteropServices;

namespace RetinaNet.Edge.Toolkit.Numerics;

/// <summary>The switches of libtorch's global <c>at::Context</c> that TorchSharp 0.107 does not wrap: the user flags
/// behind <c>torch.backends.mkldnn.enabled</c> and <c>torch.backends.nnpack.set_flags</c>, and cpuinfo's view of the
/// data caches. Called by their exported C++ names (Itanium ABI: a member function takes <c>this</c> first); the
/// library is the one TorchSharp already loaded, found by its soname, so call these only after torch is initialised.</summary>
internal static partial class LibTorchContext
{
    private const string Library = "libtorch_cpu.so";

    [LibraryImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    [LibraryImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static partial bool UserEnabledMkldnn(IntPtr context);

    [LibraryImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static partial void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    [LibraryImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static partial bool UserEnabledNnpack(IntPtr context);

    [LibraryImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    [LibraryImport(Library, EntryPoint = "_ZN2at3cpu14L1d_cache_sizeEv")]
    private static partial uint L1dCacheSize();

    [LibraryImport(Library, EntryPoint = "_ZN2at3cpu13L2_cache_sizeEv")]
    private static partial uint L2CacheSize();

    /// <summary>Whether convolutions may use oneDNN (mkldnn).</summary>
    public static bool Mkldnn
    {
        get => UserEnabledMkldnn(GlobalContext());
        set => SetUserEnabledMkldnn(GlobalContext(), value);
    }

    /// <summary>Whether convolutions may use NNPACK.</summary>
    public static bool Nnpack
    {
        get => UserEnabledNnpack(GlobalContext());
        set => SetUserEnabledNnpack(GlobalContext(), value);
    }

    /// <summary>The L1 data and L2 cache sizes in bytes as libtorch's cpuinfo reports them (0 = unknown).</summary>
    public static (uint L1d, uint L2) CpuinfoCaches => (L1dCacheSize(), L2CacheSize());
}
