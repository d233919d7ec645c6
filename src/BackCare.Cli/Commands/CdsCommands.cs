using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using BackCare.App;
using BackCare.App.CdsHooks;
using BackCare.App.Data;
using BackCare.Clinical.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BackCare.Cli.Commands;

/// <summary>
/// <c>backcare cds keygen</c> (a client key pair: private JWK and public JWKS), <c>backcare cds token</c>
/// (a signed CDS Hooks JWT, to try the services locally) and <c>backcare cds overrides</c> (accept and override
/// rates per rule from stored feedback: the measure of alert fatigue).
/// </summary>
public static class CdsCommands
{
    public static Command Build(CliConsole console)
    {
        var command = new Command("cds", "CDS Hooks: client keys and tokens for trying the services, and the override report");
        command.Subcommands.Add(Keygen(console));
        command.Subcommands.Add(Token(console));
        command.Subcommands.Add(Overrides(console));
        return command;
    }

    private static readonly int[] RsaSizes = [2048, 3072, 4096];

    private static Command Keygen(CliConsole console)
    {
        var alg = new Option<string>("--alg") { Description = "ES384 (default), ES256, ES512, RS384, RS256 or RS512", DefaultValueFactory = _ => "ES384" };
        var kid = new Option<string?>("--kid") { Description = "Key id (default: a random one)" };
        var bits = new Option<int>("--rsa-bits") { Description = "RSA modulus size for RS256/RS384/RS512: 2048, 3072 (default) or 4096", DefaultValueFactory = _ => 3072 };
        var output = new Option<string>("--out") { Description = "Folder for private.jwk.json and jwks.json", DefaultValueFactory = _ => "." };
        var json = CommonOptions.Json();
        var keygen = new Command("keygen", "Make a signing key pair for a CDS client: the private JWK (keep it) and the public JWKS (configure BackCare with it)") { alg, kid, bits, output, json };
        keygen.SetAction(parse =>
        {
            var algorithm = parse.GetValue(alg)!.ToUpperInvariant();
            var id = parse.GetValue(kid) ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            if (algorithm is not ("ES256" or "ES384" or "ES512" or "RS256" or "RS384" or "RS512"))
            {
                return Usage.Fail(console, ValidationError.Unknown("--alg", $"is '{algorithm}'; allowed: ES256, ES384, ES512, RS256, RS384, RS512 (asymmetric only)"));
            }

            if (!algorithm.StartsWith("RS", StringComparison.Ordinal) && parse.GetResult(bits) is { Implicit: false })
            {
                return Usage.Fail(console, ValidationError.Invalid("--rsa-bits", $"applies to RSA keys only, not {algorithm}"));
            }

            var size = parse.GetValue(bits);
            if (!RsaSizes.Contains(size))
            {
                return Usage.Fail(console, ValidationError.OutOfRange("--rsa-bits", $"is {size}; allowed: {string.Join(", ", RsaSizes)}"));
            }

            var (privateJwk, publicJwk) = algorithm switch
            {
                "ES256" => Ec(ECCurve.NamedCurves.nistP256, "P-256", algorithm, id),
                "ES384" => Ec(ECCurve.NamedCurves.nistP384, "P-384", algorithm, id),
                "ES512" => Ec(ECCurve.NamedCurves.nistP521, "P-521", algorithm, id),
                _ => Rsa(algorithm, id, size),
            };
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(folder);
            var privatePath = Path.Combine(folder, "private.jwk.json");
            var publicPath = Path.Combine(folder, "jwks.json");
            File.WriteAllText(privatePath, privateJwk);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(privatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.WriteAllText(publicPath, $"{{\"keys\":[{publicJwk}]}}");
            if (parse.GetValue(json)) CliJson.Write(console.Out, new { alg = algorithm, kid = id, privateKey = privatePath, jwks = publicPath });
            else
            {
                console.Out.WriteLine($"Private key (keep it secret): {privatePath}");
                console.Out.WriteLine($"Public JWKS: {publicPath}");
                console.Out.WriteLine($"Configure BackCare: BackCare__CdsHooks__Clients__0__Issuer=<your issuer> BackCare__CdsHooks__Clients__0__JwksPath={publicPath}");
            }

            return ExitCodes.Success;
        });
        return keygen;
    }

    private static Command Token(CliConsole console)
    {
        var key = new Option<string>("--key") { Description = "The private JWK file from `backcare cds keygen`", Required = true };
        var issuer = new Option<string>("--iss") { Description = "The client's issuer (as configured in BackCare:CdsHooks:Clients:N:Issuer)", Required = true };
        var audience = new Option<string>("--aud") { Description = "The exact URL to call, e.g. https://backcare.example.org/cds-services/backcare-order-sign", Required = true };
        var tenant = new Option<string?>("--tenant") { Description = "The tenant claim, when the client has one configured" };
        var lifetime = new Option<int>("--lifetime") { Description = "Seconds until the token expires (1-300, default 300)", DefaultValueFactory = _ => 300 };
        var count = new Option<int>("--count") { Description = "How many tokens to print, one per line (1-1000000, default 1): a pool for load tests", DefaultValueFactory = _ => 1 };
        var json = CommonOptions.Json();
        var token = new Command("token", "Sign a one-time CDS Hooks JWT (each has a fresh jti: BackCare refuses a token it has seen)") { key, issuer, audience, tenant, lifetime, count, json };
        token.SetAction(parse =>
        {
            var seconds = parse.GetValue(lifetime);
            if (seconds is < 1 or > 300) return Usage.Fail(console, ValidationError.OutOfRange("--lifetime", $"is {seconds}; allowed 1-300"));
            var path = parse.GetValue(key)!;
            if (!File.Exists(path)) return Usage.Fail(console, ValidationError.Invalid("--key", $"file not found: {path}"));
            JsonWebKey jwk;
            try
            {
                jwk = new JsonWebKey(File.ReadAllText(path));
            }
            catch (ArgumentException)
            {
                return Usage.Fail(console, ValidationError.Invalid("--key", "is not a JWK (JSON Web Key) file"));
            }

            if (!jwk.HasPrivateKey || jwk.Kty is not ("EC" or "RSA")) return Usage.Fail(console, ValidationError.Invalid("--key", "must be a private EC or RSA JWK"));
            var n = parse.GetValue(count);
            if (n is < 1 or > 1_000_000) return Usage.Fail(console, ValidationError.OutOfRange("--count", $"is {n}; allowed 1-1000000"));
            var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
            if (jwk.Kty == "EC" && jwk.Crv is not ("P-256" or "P-384" or "P-521"))
            {
                return Usage.Fail(console, ValidationError.Unknown("--key", $"curve '{jwk.Crv}' is not supported (P-256, P-384, P-521)"));
            }

            var credentials = new SigningCredentials(SigningKey(jwk), jwk.Alg ?? (jwk.Kty == "EC" ? "ES384" : "RS384"));
            string Sign()
            {
                var now = TimeProvider.System.GetUtcNow();
                var claims = new Dictionary<string, object>
                {
                    ["aud"] = parse.GetValue(audience)!,
                    ["jti"] = Guid.NewGuid().ToString("N"),
                    ["iat"] = now.ToUnixTimeSeconds(),
                    ["exp"] = now.AddSeconds(seconds).ToUnixTimeSeconds(),
                };
                if (parse.GetValue(tenant) is { } t) claims["tenant"] = t;
                return handler.CreateToken(new SecurityTokenDescriptor { Issuer = parse.GetValue(issuer), Claims = claims, SigningCredentials = credentials });
            }

            if (parse.GetValue(json))
            {
                if (n == 1) CliJson.Write(console.Out, new { token = Sign(), expiresInSeconds = seconds });
                else CliJson.Write(console.Out, new { tokens = Enumerable.Range(0, n).Select(_ => Sign()).ToList(), expiresInSeconds = seconds });
            }
            else
            {
                var lines = new System.Text.StringBuilder();
                for (var i = 0; i < n; i++) lines.Append(Sign()).Append('\n');
                console.Out.Write(lines.ToString());
            }

            return ExitCodes.Success;
        });
        return token;
    }

    private static JitOnlyCommand Overrides(CliConsole console)
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "SQLite data folder (default: as the web host, BackCare:Storage settings)" };
        var json = CommonOptions.Json();
        // On SQLite the report reads the file directly (a SELECT, nothing created), natively too; on PostgreSQL it goes
        // through the web host's storage services, which need the JIT.
        var overrides = new JitOnlyCommand(
            "overrides", "Accepted and overridden cards per rule, from CDS Hooks feedback (most overridden first)",
            parse => OverridesNeedTheCompanion(OperatorServices.Storage(parse.GetValue(dataDir))))
        {
            dataDir, json,
        };
        overrides.SetAction(async (parse, ct) =>
        {
            var parsed = OperatorServices.Storage(parse.GetValue(dataDir));
            if (parsed.Error is { } refused) return Usage.Fail(console, refused);
            var storage = parsed.Value!;
            IReadOnlyList<CdsRuleOutcomes> rules;
            if (storage.Provider == "postgres")
            {
                if (!RuntimeFeature.IsDynamicCodeSupported) throw JitOnlyCommand.NotInNativeProcess();
                await using var services = OperatorServices.Build(parse.GetValue(dataDir));
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
                rules = await scope.ServiceProvider.GetRequiredService<CdsHooksStore>().OutcomesByRuleAsync(ct);
            }
            else
            {
                // Problems with the file are reported against the setting that named it.
                var field = OperatorServices.SqliteSetting(storage, parse.GetValue(dataDir));
                var read = await CdsOutcomeReport.ReadSqliteAsync(storage.ResolveSqliteConnectionString(), field, ct);
                if (!read.Succeeded) return Usage.Fail(console, ValidationError.Invalid(read.Problems[0].Field, read.Problems[0].Message));
                if (!read.Value!.DatabaseFound)
                {
                    await console.Error.WriteLineAsync($"note: no BackCare database at {read.Value.Path}, so no feedback (nothing was created)");
                }

                rules = read.Value.Rules;
            }

            if (parse.GetValue(json))
            {
                CliJson.Write(console.Out, new
                {
                    rules = rules.Select(r => new { rule = r.RuleId, accepted = r.Accepted, overridden = r.Overridden, total = r.Total, overrideRate = r.OverrideRate, overrideReasons = r.OverrideReasons }),
                });
            }
            else if (rules.Count == 0)
            {
                console.Out.WriteLine("No CDS Hooks feedback stored yet.");
            }
            else
            {
                foreach (var r in rules)
                {
                    var reasons = string.Join(", ", r.OverrideReasons.OrderByDescending(x => x.Value).Select(x => $"{x.Key} {x.Value}"));
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.RuleId}: {r.Overridden} overridden, {r.Accepted} accepted ({r.OverrideRate:P0} overridden){(reasons.Length > 0 ? "; " + reasons : "")}"));
                }
            }

            return ExitCodes.Success;
        });
        return overrides;
    }

    /// <summary>The override report on PostgreSQL goes through the web host's storage services (EF Core: the JIT).</summary>
    internal static bool OverridesNeedTheCompanion(Parsed<StorageOptions> storage) => storage.Value?.Provider == "postgres";

    /// <summary>The JWK as a key object made once (a JsonWebKey would be converted again for every signature).</summary>
    private static SecurityKey SigningKey(JsonWebKey jwk)
    {
        if (jwk.Kty == "EC")
        {
            var curve = jwk.Crv switch
            {
                "P-256" => ECCurve.NamedCurves.nistP256,
                "P-384" => ECCurve.NamedCurves.nistP384,
                _ => ECCurve.NamedCurves.nistP521, // the curve was checked before: P-256, P-384 or P-521
            };
            var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = curve,
                Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
                D = Base64UrlEncoder.DecodeBytes(jwk.D),
            });
            return new ECDsaSecurityKey(ecdsa) { KeyId = jwk.Kid };
        }

        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters
        {
            Modulus = Base64UrlEncoder.DecodeBytes(jwk.N), Exponent = Base64UrlEncoder.DecodeBytes(jwk.E), D = Base64UrlEncoder.DecodeBytes(jwk.D),
            P = Base64UrlEncoder.DecodeBytes(jwk.P), Q = Base64UrlEncoder.DecodeBytes(jwk.Q), DP = Base64UrlEncoder.DecodeBytes(jwk.DP),
            DQ = Base64UrlEncoder.DecodeBytes(jwk.DQ), InverseQ = Base64UrlEncoder.DecodeBytes(jwk.QI),
        });
        return new RsaSecurityKey(rsa) { KeyId = jwk.Kid };
    }

    private static (string Private, string Public) Ec(ECCurve curve, string crv, string alg, string kid)
    {
        using var ecdsa = ECDsa.Create(curve);
        var p = ecdsa.ExportParameters(true);
        var common = new Dictionary<string, string> { ["kty"] = "EC", ["crv"] = crv, ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y), ["kid"] = kid, ["use"] = "sig", ["alg"] = alg };
        var full = new Dictionary<string, string>(common) { ["d"] = Base64UrlEncoder.Encode(p.D) };
        return (Jwk(full), Jwk(common));
    }

    private static (string Private, string Public) Rsa(string alg, string kid, int bits)
    {
        using var rsa = RSA.Create(bits);
        var p = rsa.ExportParameters(true);
        var common = new Dictionary<string, string> { ["kty"] = "RSA", ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent), ["kid"] = kid, ["use"] = "sig", ["alg"] = alg };
        var full = new Dictionary<string, string>(common)
        {
            ["d"] = Base64UrlEncoder.Encode(p.D), ["p"] = Base64UrlEncoder.Encode(p.P), ["q"] = Base64UrlEncoder.Encode(p.Q),
            ["dp"] = Base64UrlEncoder.Encode(p.DP), ["dq"] = Base64UrlEncoder.Encode(p.DQ), ["qi"] = Base64UrlEncoder.Encode(p.InverseQ),
        };
        return (Jwk(full), Jwk(common));
    }

    /// <summary>
    /// One JWK as compact JSON, written member by member (System.Text.Json's reflection serializer is not available in the
    /// natively compiled CLI); the same text JsonSerializer wrote, with its default escaping.
    /// </summary>
    private static string Jwk(Dictionary<string, string> members)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members) writer.WriteString(name, value);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
