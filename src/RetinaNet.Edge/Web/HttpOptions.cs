using System.ComponentModel.DataAnnotations;

namespace RetinaNet.Edge.Web;

/// <summary>agent.json <c>http</c>: the agent's HTTP server — address, port, who may use it (live views, camera API,
/// health and metrics). How live views are made is <see cref="LiveView.LiveViewOptions"/>.</summary>
public sealed class HttpOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>Address to bind; anything but loopback requires a token or a user/password.</summary>
    [Required] public string Address { get; set; } = "127.0.0.1";
    [Range(0, 65535)] public int Port { get; set; } = 8080;
    /// <summary>Bearer token (prefer <see cref="TokenEnv"/>).</summary>
    public string? Token { get; set; }
    public string? TokenEnv { get; set; }
    /// <summary>Basic authentication user; the password comes from <see cref="PasswordEnv"/>.</summary>
    public string? Username { get; set; }
    public string? PasswordEnv { get; set; }

    /// <summary>A read-only install: the camera API answers reads and refuses writes (403).</summary>
    public bool ReadOnly { get; set; }

    public bool IsLoopback => Address is "127.0.0.1" or "localhost" or "::1";
    public string? ResolvedToken => TokenEnv is { } env ? Environment.GetEnvironmentVariable(env) : Token;
    public string? ResolvedPassword => PasswordEnv is { } env ? Environment.GetEnvironmentVariable(env) : null;
    public bool AuthConfigured => ResolvedToken is { Length: > 0 } || (Username is not null && ResolvedPassword is { Length: > 0 });
}
