using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace RetinaNet.Edge.Configuration;

/// <summary>The one validation path of every options type, whichever stage folder owns it: its DataAnnotations, then
/// recursively its option-typed properties and the items of its option lists (zones, lines), and the elements of its
/// plain lists (no null or empty label, every point [x, y]). Messages: file, key path, shown value, reason.</summary>
public static class OptionsValidation
{
    public static void Validate(object target, string file, string prefix, List<string> problems)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(target, new ValidationContext(target), results, validateAllProperties: true);
        foreach (var r in results)
        {
            foreach (var member in r.MemberNames.DefaultIfEmpty(""))
            {
                var prop = target.GetType().GetProperty(member);
                problems.Add($"{file}: '{prefix}{Key(member)}' = {Redaction.Show(prop?.GetValue(target), IsSecret(member))}: {r.ErrorMessage}");
            }
        }
        foreach (var prop in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (prop.GetIndexParameters().Length > 0 || prop.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is not null) continue;
            var value = prop.GetValue(target);
            var key = prefix + Key(prop.Name);
            if (value is null || value is string) continue;
            if (IsOptionsType(prop.PropertyType)) { Validate(value, file, key + ".", problems); continue; }
            if (value is IDictionary dict)
            {
                foreach (DictionaryEntry e in dict)
                    if (e.Key is string k && string.IsNullOrWhiteSpace(k)) problems.Add($"{file}: '{key}': an empty key");
                continue;
            }
            if (value is not IList list) continue;
            for (int i = 0; i < list.Count; i++)
            {
                var item = list[i];
                var itemKey = $"{key}[{i}]";
                if (item is null) problems.Add($"{file}: '{itemKey}' = null: a list item cannot be null");
                else if (item is string s && string.IsNullOrWhiteSpace(s)) problems.Add($"{file}: '{itemKey}' = {Redaction.Show(s)}: must not be empty");
                else if (item is float[] point && point.Length != 2) problems.Add($"{file}: '{itemKey}' = {Redaction.Show(point)}: must be [x, y]");
                else if (item is float[] p2 && p2.Any(v => !float.IsFinite(v))) problems.Add($"{file}: '{itemKey}': coordinates must be finite numbers");
                else if (IsOptionsType(item.GetType())) Validate(item, file, itemKey + ".", problems);
            }
        }
    }

    public static string Key(string member) => JsonNamingPolicy.CamelCase.ConvertName(member);

    private static bool IsOptionsType(Type t) => t.IsClass && t != typeof(string) && t.Namespace?.StartsWith("RetinaNet.Edge", StringComparison.Ordinal) == true;

    private static bool IsSecret(string member) => member.Contains("Password", StringComparison.OrdinalIgnoreCase) && !member.EndsWith("Env", StringComparison.Ordinal)
        || member.Equals("Token", StringComparison.OrdinalIgnoreCase);
}
