using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackCare.CdsHooks;
using BackCare.CdsHooks.Cards;
using BackCare.CdsHooks.Prefetch;
using BackCare.CdsHooks.Protocol;
using BackCare.CdsHooks.Security;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BackCare.Benchmarks;

/// <summary>
/// Issue 15: the in-process cost of one order-sign call with a 30-resource prefetch (the worked case: diazepam for a
/// 70-year-old with low back pain who takes oxycodone, among 29 other resources), step by step: parse and check the
/// request, verify the ES384 JWT, run the checks and build the cards, write the JSON. The replay-cache insert and
/// HTTP are measured by bench/load/cds.sh.
/// </summary>
[MemoryDiagnoser]
public class CdsHooksBenchmarks
{
    private const string Audience = "https://backcare.example.org/cds-services/backcare-order-sign";
    private byte[] _body = [];
    private string _token = "";
    private string _folder = "";
    private CdsTokenValidator _validator = null!;
    private CardBuilder _builder = null!;
    private MedicationResolver _resolver = null!;
    private CardCatalog _catalog = null!;
    private IReadOnlyList<Card> _cards = [];
    private JsonDocument _document = null!;
    private CdsRequest _request = null!;
    private PatientRecord _record = null!;
    private List<MedicationItem> _items = [];
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        var evidence = EmbeddedEvidence.Default;
        _catalog = CardCatalog.Load(evidence);
        _builder = new CardBuilder(evidence, MedicationChecker.Default, _catalog);
        _resolver = new MedicationResolver(evidence, MedicationRecognizer.Default, new RxNormMapCache(TimeProvider.System));
        _body = JsonSerializer.SerializeToUtf8Bytes(Request());

        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var p = ecdsa.ExportParameters(false);
        _folder = Directory.CreateTempSubdirectory("backcare-bench-").FullName;
        var jwks = Path.Combine(_folder, "jwks.json");
        File.WriteAllText(jwks, $$"""{"keys":[{"kty":"EC","crv":"P-384","x":"{{Base64UrlEncoder.Encode(p.Q.X)}}","y":"{{Base64UrlEncoder.Encode(p.Q.Y)}}","kid":"k1"}]}""");
        var options = Options.Create(new CdsHooksOptions { Clients = [new CdsClientOptions { Issuer = "https://ehr.example.org", JwksPath = jwks }] });
        _validator = new CdsTokenValidator(new CdsClientRegistry(options, new NoHttp(), TimeProvider.System), TimeProvider.System, NullLogger<CdsTokenValidator>.Instance);
        var now = TimeProvider.System.GetUtcNow();
        _token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://ehr.example.org",
            Claims = new Dictionary<string, object> { ["aud"] = Audience, ["jti"] = "j1", ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = now.AddMinutes(50).ToUnixTimeSeconds() },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha384),
        });
        _cards = Check();
        _document = JsonDocument.Parse(_body, CdsRequestParser.DocumentOptions);
        _request = CdsRequestParser.Parse(_document.RootElement, "order-sign").Request!;
        _record = PatientRecord.From(_request.Prefetch);
        _now = TimeProvider.System.GetUtcNow();
        var concepts = CdsHooksEndpoints.Extract(_request, _record, _now);
        var resolved = _resolver.ResolveWith([.. concepts.Select(c => c.Concept)], new Dictionary<string, IReadOnlyList<(string, string)>>());
        _items = [.. concepts.Select((c, i) => new MedicationItem(c.OrderId, c.Draft, resolved[i], c.Weeks))];
        // The worked case gives its three cards; the other 29 resources (warfarin with ibuprofen among them) may add more.
        if (_cards.Count < 3) throw new InvalidOperationException($"expected at least the worked case's 3 cards, got {_cards.Count}");
        if (VerifyJwt() is null) throw new InvalidOperationException("the token does not verify");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _document.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public int Parse()
    {
        using var doc = JsonDocument.Parse(_body, CdsRequestParser.DocumentOptions);
        return CdsRequestParser.Parse(doc.RootElement, "order-sign").Request!.Prefetch.Length;
    }

    [Benchmark]
    public CdsCaller? VerifyJwt() => _validator.ValidateAsync("Bearer " + _token, Audience, CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark]
    public IReadOnlyList<Card> Check()
    {
        using var doc = JsonDocument.Parse(_body, CdsRequestParser.DocumentOptions);
        var request = CdsRequestParser.Parse(doc.RootElement, "order-sign").Request!;
        var record = PatientRecord.From(request.Prefetch);
        var now = TimeProvider.System.GetUtcNow();
        var concepts = CdsHooksEndpoints.Extract(request, record, now);
        var resolved = _resolver.ResolveWith([.. concepts.Select(c => c.Concept)], new Dictionary<string, IReadOnlyList<(string, string)>>());
        var items = concepts.Select((c, i) => new MedicationItem(c.OrderId, c.Draft, resolved[i], c.Weeks)).ToList();
        var facts = PatientFacts.Read(record, request.DraftOrders, _catalog, now);
        return _builder.Build("order-sign", request.Selections, facts, items, "https://backcare.example.org");
    }

    /// <summary>Part of <see cref="Check"/>: the medications of the request found and recognised.</summary>
    [Benchmark]
    public int Recognise()
    {
        var concepts = CdsHooksEndpoints.Extract(_request, _record, _now);
        return _resolver.ResolveWith([.. concepts.Select(c => c.Concept)], new Dictionary<string, IReadOnlyList<(string, string)>>()).Count;
    }

    /// <summary>Part of <see cref="Check"/>: the patient's facts read, the medication engine run and the cards built.</summary>
    [Benchmark]
    public int Cards()
    {
        var facts = PatientFacts.Read(_record, _request.DraftOrders, _catalog, _now);
        return _builder.Build("order-sign", _request.Selections, facts, _items, "https://backcare.example.org").Count;
    }

    [Benchmark]
    public long Serialise()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using var writer = new Utf8JsonWriter(buffer);
        CardWriter.Write(writer, _cards);
        writer.Flush();
        return buffer.WrittenCount;
    }

    private static JsonObject Request()
    {
        const string rx = "http://www.nlm.nih.gov/research/umls/rxnorm";
        JsonObject Med(string kind, int i, string code, string display, string status = "active") => new()
        {
            ["resourceType"] = kind, ["id"] = $"{kind[..3]}-{i}", ["status"] = status, ["intent"] = "order",
            ["medicationCodeableConcept"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = rx, ["code"] = code, ["display"] = display }), ["text"] = display },
        };
        JsonObject Bundle(IEnumerable<JsonObject> rs) => new() { ["resourceType"] = "Bundle", ["type"] = "searchset", ["entry"] = new JsonArray([.. rs.Select(r => (JsonNode)new JsonObject { ["resource"] = r })]) };
        (string, string)[] current = [("1049502", "12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet"), ("314076", "lisinopril 10 MG Oral Tablet"),
            ("197805", "Ibuprofen 400 MG Oral Tablet"), ("198440", "Acetaminophen 500 MG Oral Tablet"), ("855350", "Warfarin Sodium 0.5 MG Oral Tablet")];
        var conditions = new[] { ("279039007", "Low back pain"), ("13645005", "COPD"), ("38341003", "Hypertension"), ("44054006", "Diabetes") }.Select((c, i) => new JsonObject
        {
            ["resourceType"] = "Condition", ["id"] = "c" + i,
            ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://snomed.info/sct", ["code"] = c.Item1, ["display"] = c.Item2 }) },
        });
        return new JsonObject
        {
            ["hook"] = "order-sign", ["hookInstance"] = "bench",
            ["context"] = new JsonObject
            {
                ["userId"] = "Practitioner/dr1", ["patientId"] = "p1",
                ["draftOrders"] = Bundle([Med("MedicationRequest", 99, "197589", "diazepam 5 MG Oral Tablet", "draft")]),
            },
            ["prefetch"] = new JsonObject
            {
                ["patient"] = new JsonObject { ["resourceType"] = "Patient", ["id"] = "p1", ["birthDate"] = "1955-03-01" },
                ["medicationRequests"] = Bundle(Enumerable.Range(0, 20).Select(i => Med("MedicationRequest", i, current[i % 5].Item1, current[i % 5].Item2))),
                ["medicationStatements"] = Bundle(Enumerable.Range(0, 5).Select(i => Med("MedicationStatement", i, current[(i + 2) % 5].Item1, current[(i + 2) % 5].Item2))),
                ["conditions"] = Bundle(conditions),
            },
        };
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("no HTTP in benchmarks");
    }
}
