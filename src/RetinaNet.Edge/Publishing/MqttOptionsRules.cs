using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Publishing;

/// <summary><c>mqtt</c>: the topic prefix is topic levels; secrets' environment variables are set; a client key comes
/// with its certificate; the CA and client certificate files parse (with the key and password given).</summary>
internal sealed class MqttOptionsRules(ConfigSite site) : StageRules<MqttOptions>(site)
{
    public override void Check(MqttOptions m, List<string> problems)
    {
        // Topic levels: "a" or "a/b/c"; an empty level (a leading, trailing or doubled '/') or a '$' start ($SYS is
        // the broker's) would put events where no subscriber to PREFIX/# looks.
        if (m.TopicPrefix.Length > 0 && (m.TopicPrefix.Split('/').Any(level => level.Length == 0) || m.TopicPrefix.StartsWith('$')))
            problems.Add($"{Site.File}: 'mqtt.topicPrefix' = {Redaction.Show(m.TopicPrefix)}: must be topic levels separated by '/', none empty and not starting with '$' (e.g. retinanet or site1/retinanet)");
        CheckEnvironment("mqtt.passwordEnv", m.PasswordEnv, problems);
        if (m.ClientKeyFile is not null && m.ClientCertFile is null)
            problems.Add($"{Site.File}: 'mqtt.clientKeyFile' = {Redaction.Show(m.ClientKeyFile)}: needs mqtt.clientCertFile");
        if (m.CaFile is { } ca && CheckFile("mqtt.caFile", ca, SafeFile.TextMaxBytes, problems))
        {
            try { using var _ = X509CertificateLoader.LoadCertificateFromFile(Site.Resolve(ca)); }
            catch (CryptographicException) { problems.Add($"{Site.File}: 'mqtt.caFile' = {Redaction.Show(ca)}: not a certificate (PEM or DER)"); }
        }
        if (m.ClientCertFile is not { } cert || !CheckFile("mqtt.clientCertFile", cert, SafeFile.TextMaxBytes, problems)
            || (m.ClientKeyFile is not null && !CheckFile("mqtt.clientKeyFile", m.ClientKeyFile, SafeFile.TextMaxBytes, problems))) return;
        try
        {
            var password = m.PasswordEnv is { } e ? Environment.GetEnvironmentVariable(e) : m.Password;
            using var _ = m.ClientKeyFile is null
                ? X509CertificateLoader.LoadPkcs12FromFile(Site.Resolve(cert), password)
                : X509Certificate2.CreateFromPemFile(Site.Resolve(cert), Site.Resolve(m.ClientKeyFile));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            problems.Add($"{Site.File}: 'mqtt.clientCertFile' = {Redaction.Show(cert)}: not a certificate with its private key ({(m.ClientKeyFile is null ? "PKCS#12" : "PEM pair")}): {Redaction.Truncate(ex.Message)}");
        }
    }
}
