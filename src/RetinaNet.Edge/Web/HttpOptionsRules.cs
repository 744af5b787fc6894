using System.Net;
using System.Text.RegularExpressions;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Web;

/// <summary><c>http</c>: the address is an address; beyond loopback a token or a user with a password is required; the
/// environment variables secrets come from are set.</summary>
internal sealed partial class HttpOptionsRules(ConfigSite site) : StageRules<HttpOptions>(site)
{
    public override void Check(HttpOptions http, List<string> problems)
    {
        if (!http.Enabled) return;
        bool address = http.Address == "localhost" || (Ipv4().IsMatch(http.Address) && IPAddress.TryParse(http.Address, out _))
            || (http.Address.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(http.Address, out _));
        if (!address) problems.Add($"{Site.File}: 'http.address' = {Redaction.Show(http.Address)}: not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or localhost");
        else if (!http.IsLoopback && !http.AuthConfigured)
            problems.Add($"{Site.File}: 'http.address' = {Redaction.Show(http.Address)}: binding beyond loopback requires http.token/http.tokenEnv or http.username with http.passwordEnv");
        CheckEnvironment("http.tokenEnv", http.TokenEnv, problems);
        CheckEnvironment("http.passwordEnv", http.PasswordEnv, problems);
    }

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex Ipv4();
}
