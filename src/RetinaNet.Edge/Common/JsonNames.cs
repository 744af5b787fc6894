using System.Text.Json;

namespace RetinaNet.Edge.Common;

/// <summary>The names an enum is written with in JSON (its <c>JsonStringEnumMemberName</c>s), indexed by value: one
/// source for the published names, metric tags and the "expected one of" of configuration problems.</summary>
internal static class JsonNames
{
    public static string[] Of<T>() where T : struct, Enum => Of(typeof(T));

    /// <summary>One value's JSON name (e.g. <c>OutboxFsync.Full</c> → <c>full</c>).</summary>
    public static string NameOf<T>(T value) where T : struct, Enum => Of<T>()[Array.IndexOf(Enum.GetValues<T>(), value)];

    public static string[] Of(Type enumType) =>
        [.. Enum.GetValues(enumType).Cast<object>().Select(v => JsonSerializer.Serialize(v, enumType, Configuration.ConfigLoader.Json).Trim('"'))];
}
