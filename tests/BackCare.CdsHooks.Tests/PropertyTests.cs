using System.Net;
using System.Text.Json.Nodes;
using CsCheck;

namespace BackCare.CdsHooks.Tests;

/// <summary>Random requests and random token mutations over HTTP: the right status every time, never a 500.</summary>
public sealed class PropertyTests(CdsHost host) : IClassFixture<CdsHost>
{
    private const string Path = "/cds-services/backcare-order-sign";

    private static readonly string[] Mutations = ["none", "alg-hs256", "alg-none", "aud", "exp", "iss", "signature", "jti-reuse", "header"];

    [Fact]
    public async Task Random_token_mutations_are_refused_and_an_intact_token_accepted()
    {
        var body = Requests.WorkedCase().ToJsonString();
        await Gen.Select(Gen.OneOf(Mutations), Gen.Int[0, 1000]).SampleAsync(async t =>
        {
            var (mutation, n) = t;
            var good = CdsHost.Token(Path);
            var token = mutation switch
            {
                "alg-hs256" => Tokens.Hmac(CdsHost.Ehr, CdsHost.Base + Path, CdsHost.Es384.Jwks, CdsHost.Es384.Kid),
                "alg-none" => Tokens.None(CdsHost.Ehr, CdsHost.Base + Path),
                "aud" => Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, CdsHost.Base + Path + "x" + n),
                "exp" => Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, CdsHost.Base + Path, expires: TimeProvider.System.GetUtcNow().AddSeconds(-61 - n)),
                "iss" => Tokens.Sign(CdsHost.Es384, "https://issuer-" + n + ".example", CdsHost.Base + Path),
                "signature" => FlipSignature(good, n),
                "header" => FlipHeader(good, n),
                _ => good,
            };
            if (mutation == "jti-reuse")
            {
                using var first = await host.PostAsync(Path, body, token);
                first.StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            using var response = await host.PostAsync(Path, body, token);
            response.StatusCode.ShouldBe(mutation == "none" ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, mutation);
        }, iter: 60, threads: 1);
    }

    private static readonly Gen<JsonNode?> Junk = Gen.OneOf(
        Gen.Const((JsonNode?)null),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const<JsonNode?>(new JsonArray()),
        Gen.Const<JsonNode?>(new JsonObject()));

    [Fact]
    public async Task Random_damage_to_a_good_request_is_answered_without_a_500()
    {
        await Gen.Select(Gen.Int[0, 10_000], Junk, Gen.Bool).SampleAsync(async t =>
        {
            var (pick, junk, remove) = t;
            var request = Requests.WorkedCase();
            var nodes = new List<(JsonNode Parent, string? Key, int Index)>();
            void Walk(JsonNode node)
            {
                if (node is JsonObject o)
                {
                    foreach (var (k, v) in o.ToList())
                    {
                        nodes.Add((o, k, -1));
                        if (v is not null) Walk(v);
                    }
                }
                else if (node is JsonArray a)
                {
                    for (var i = 0; i < a.Count; i++)
                    {
                        nodes.Add((a, null, i));
                        if (a[i] is { } v) Walk(v);
                    }
                }
            }

            Walk(request);
            var (parent, key, index) = nodes[pick % nodes.Count];
            if (parent is JsonObject po)
            {
                if (remove) po.Remove(key!);
                else po[key!] = junk?.DeepClone();
            }
            else if (parent is JsonArray pa)
            {
                if (remove) pa.RemoveAt(index);
                else pa[index] = junk?.DeepClone();
            }

            using var response = await host.PostAsync(Path, request.ToJsonString());
            ((int)response.StatusCode).ShouldBeOneOf(200, 400, 412);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK) CardShape.Check(text);
            else System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!.ShouldNotBeNullOrWhiteSpace();
        }, iter: 150, threads: 1);
    }

    private static readonly string[] Medicines =
        ["diazepam 5 MG Oral Tablet", "Xanax 0.5mg", "oxycodone 10 MG", "Ibuprofen 400 MG Oral Tablet", "gabapentin 300 MG", "trazodone 50 MG", "zolpidem 10 MG", "sertraline 50 MG", "tramadol 50 MG", "cyclobenzaprine 10 MG", "Zorblax 3 MG"];

    [Fact]
    public async Task Random_valid_orders_always_get_well_formed_cards_with_summaries_under_140()
    {
        await Gen.Select(Gen.Int[0, 100], Gen.Int[1, 3].SelectMany(n => Gen.OneOf(Medicines).Array[n]), Gen.OneOf(Medicines).Array[0, 3], Gen.Bool)
            .SampleAsync(async t =>
            {
                var (age, drafts, current, backPain) = t;
                var request = Requests.Hook("order-sign", Requests.Patient(age),
                    [.. drafts.Select((d, i) => Requests.Med("MedicationRequest", "d" + i, "0", d, status: "draft"))],
                    [.. current.Select((d, i) => Requests.Med("MedicationStatement", "c" + i, "0", d))],
                    backPain ? [Requests.LowBackPain()] : []);
                using var response = await host.PostAsync(Path, request.ToJsonString());
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                CardShape.Check(await response.Content.ReadAsStringAsync());
            }, iter: 80, threads: 1);
    }

    private static string FlipSignature(string token, int n)
    {
        var parts = token.Split('.');
        var bytes = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[2]);
        bytes[n % bytes.Length] ^= (byte)(1 + (n % 255));
        parts[2] = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(bytes);
        return string.Join('.', parts);
    }

    private static string FlipHeader(string token, int n)
    {
        var parts = token.Split('.');
        var header = JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        header["kid"] = "other-" + n;
        header["alg"] = n % 2 == 0 ? "RS384" : "ES256";
        parts[0] = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(header.ToJsonString());
        return string.Join('.', parts);
    }
}
