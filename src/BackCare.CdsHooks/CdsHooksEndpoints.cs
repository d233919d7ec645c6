using System.Collections.Immutable;
using System.IO.Pipelines;
using System.Text.Json;
using BackCare.App.CdsHooks;
using BackCare.CdsHooks.Cards;
using BackCare.CdsHooks.Prefetch;
using BackCare.CdsHooks.Protocol;
using BackCare.CdsHooks.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackCare.CdsHooks;

/// <summary>
/// <c>GET /cds-services</c>, <c>POST /cds-services/{id}</c>, <c>POST /cds-services/{id}/feedback</c>, with
/// CORS for browser-based clients (preflight answered without a token) and a verified JWT on every other
/// call (any failure: 401, empty body). <c>GET /cds-hooks/rules/{rule}</c> is the public evidence page a
/// card's source links to.
/// </summary>
public static partial class CdsHooksEndpoints
{
    public const long MaxBodyBytes = 4 * 1024 * 1024;
    private static readonly byte[] DiscoveryJson = Discovery.Json();

    /// <summary>
    /// Cards are JSON for an EHR, not HTML: only what JSON itself requires is escaped (quotes, backslash, control
    /// characters), so the Markdown's arrows, ellipses and angle brackets go out as UTF-8 instead of \u escapes. An EHR
    /// that puts the raw JSON inside an HTML script element must escape it itself (labels and summaries carry text the
    /// EHR sent); the FHIR API and the CLI's JSON use the same encoder.
    /// </summary>
    private static readonly JsonWriterOptions CardJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string ServicesPath = "/cds-services";

    /// <summary>
    /// Sends every request under <c>/cds-services</c> down a branch of its own, ahead of the middleware the web pages
    /// need (static files, the account-form rate limiter, cookie and SMART authentication, two-step enforcement,
    /// authorization): a CDS call authenticates by its own signed JWT, so those steps only cost it time. Whatever is
    /// registered before this call (exception handler, security headers, HTTPS redirection) still applies.
    /// </summary>
    public static IApplicationBuilder UseCdsHooksServices(this IApplicationBuilder app) =>
        app.MapWhen(context => context.Request.Path.StartsWithSegments(ServicesPath, StringComparison.OrdinalIgnoreCase), branch =>
        {
            branch.UseRouting();
            branch.UseEndpoints(endpoints =>
            {
                endpoints.MapMethods(ServicesPath, ["OPTIONS"], Preflight);
                endpoints.MapMethods(ServicesPath + "/{id}", ["OPTIONS"], Preflight);
                endpoints.MapMethods(ServicesPath + "/{id}/feedback", ["OPTIONS"], Preflight);
                endpoints.MapGet(ServicesPath, DiscoverAsync);
                endpoints.MapPost(ServicesPath + "/{id}", ServiceAsync);
                endpoints.MapPost(ServicesPath + "/{id}/feedback", FeedbackAsync);
            });
        });

    /// <summary>The public evidence page each card's source links to (an ordinary page: the main pipeline).</summary>
    public static IEndpointRouteBuilder MapCdsHooksRulePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cds-hooks/rules/{rule}", RuleEvidencePage.Render);
        return app;
    }

    private static Task Preflight(HttpContext context)
    {
        Cors(context.Response);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static async Task DiscoverAsync(HttpContext context)
    {
        Cors(context.Response);
        if (await AuthenticateAsync(context) is null) return;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(DiscoveryJson, context.RequestAborted);
    }

    private static async Task ServiceAsync(HttpContext context, string id)
    {
        Cors(context.Response);
        if (await VerifyAsync(context) is not { } caller) return;

        // The replay record commits (a sync to disk) while the request is read, checked and its cards built; nothing is
        // answered, and nothing is asked of the EHR's FHIR server, until it says the token is new. A replay therefore costs
        // the server one request's work before its 401, as a first use would: only a token whose signature, issuer,
        // audience and lifetime hold gets this far.
        var fresh = RecordAsync(context, caller);
        Outcome outcome;
        try
        {
            outcome = await CheckAsync(context, id, fresh);
        }
        catch
        {
            // A replayed token is refused whatever its request would have done; otherwise the failure stands.
            if (await fresh) throw;
            Refuse(context);
            return;
        }

        if (!await fresh)
        {
            Refuse(context);
            return;
        }

        switch (outcome)
        {
            case { Cards: { } cards }:
                context.Response.ContentType = "application/json";
                await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, CardJson))
                {
                    CardWriter.Write(writer, cards);
                    await writer.FlushAsync(context.RequestAborted);
                }

                break;
            case { Reason: { } reason }:
                context.Response.StatusCode = outcome.Status;
                await WriteReasonAsync(context, reason);
                break;
            default:
                context.Response.StatusCode = outcome.Status;
                break;
        }
    }

    /// <summary>What a service call answers, worked out before anything is written: cards, or a status and its reason.</summary>
    private readonly record struct Outcome(int Status, string? Reason = null, IReadOnlyList<Card>? Cards = null);

    private static async Task<Outcome> CheckAsync(HttpContext context, string id, Task<bool> fresh)
    {
        if (Discovery.Find(id) is not { } service) return new Outcome(StatusCodes.Status404NotFound);
        var (document, readError) = await ReadBodyAsync(context);
        if (document is null) return new Outcome(StatusCodes.Status400BadRequest, readError);
        using var body = document;
        var (request, error) = CdsRequestParser.Parse(body.RootElement, service.Hook);
        if (request is null) return new Outcome(StatusCodes.Status400BadRequest, error);

        var services = context.RequestServices;
        var record = PatientRecord.From(request.Prefetch);
        var fetched = new List<JsonDocument>();
        try
        {
            if (request.FhirServer is not null && !await fresh) return new Outcome(StatusCodes.Status401Unauthorized);
            if (!await services.GetRequiredService<FhirFetcher>().CompleteAsync(request, record, fetched, context.RequestAborted))
            {
                return new Outcome(StatusCodes.Status412PreconditionFailed, "the patient and their medication requests are needed: send them as prefetch, or send fhirServer and fhirAuthorization");
            }

            var time = services.GetRequiredService<TimeProvider>();
            var catalog = services.GetRequiredService<CardCatalog>();
            var items = await MedicationsAsync(request, record, services, time.GetUtcNow(), context.RequestAborted);
            var facts = PatientFacts.Read(record, request.DraftOrders, catalog, time.GetUtcNow());
            return new Outcome(StatusCodes.Status200OK, Cards: services.GetRequiredService<CardBuilder>().Build(service.Hook, request.Selections, facts, items, BaseUrl(services)));
        }
        finally
        {
            foreach (var d in fetched) d.Dispose();
        }
    }

    private static async Task<List<MedicationItem>> MedicationsAsync(CdsRequest request, PatientRecord record, IServiceProvider services, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var concepts = Extract(request, record, now);
        var resolved = await services.GetRequiredService<MedicationResolver>().ResolveAsync([.. concepts.Select(c => c.Concept)], services.GetRequiredService<CdsHooksStore>, cancellationToken);
        return [.. concepts.Select((c, i) => new MedicationItem(c.OrderId, c.Draft, resolved[i], c.Weeks))];
    }

    /// <summary>The draft orders, then the active MedicationRequests and MedicationStatements (a draft order also sent as current counts once).</summary>
    public static List<(string? OrderId, bool Draft, MedicationConcept Concept, int? Weeks)> Extract(CdsRequest request, PatientRecord record, DateTimeOffset now)
    {
        var concepts = new List<(string? OrderId, bool Draft, MedicationConcept Concept, int? Weeks)>();
        var draftIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var order in request.DraftOrders)
        {
            if (CdsRequestParser.String(order, "resourceType"u8) != "MedicationRequest") continue;
            var id = CdsRequestParser.String(order, "id"u8);
            if (id is not null) draftIds.Add(id);
            concepts.Add((id, true, Concept(order, record, request.DraftOrders), MedicationDates.SupplyWeeks(order)));
        }

        foreach (var mr in record.Of("MedicationRequest"))
        {
            var id = CdsRequestParser.String(mr, "id"u8);
            if (id is not null && draftIds.Contains(id)) continue;
            if (CdsRequestParser.String(mr, "status"u8) is not ("active" or "on-hold" or null)) continue;
            if (CdsRequestParser.String(mr, "intent"u8) is "proposal" or "plan") continue;
            concepts.Add((id, false, Concept(mr, record, request.DraftOrders), MedicationDates.WeeksSince(mr, now)));
        }

        foreach (var ms in record.Of("MedicationStatement"))
        {
            if (CdsRequestParser.String(ms, "status"u8) is not ("active" or "intended" or "on-hold" or null)) continue;
            concepts.Add((CdsRequestParser.String(ms, "id"u8), false, Concept(ms, record, request.DraftOrders), MedicationDates.WeeksSince(ms, now)));
        }

        return concepts;
    }

    /// <summary>The medication of a request or statement: a CodeableConcept, or a reference to a contained or sent Medication.</summary>
    private static MedicationConcept Concept(JsonElement resource, PatientRecord record, ImmutableArray<JsonElement> drafts)
    {
        if (resource.TryGetProperty("medicationCodeableConcept"u8, out var concept)) return MedicationConcept.From(concept);
        if (resource.TryGetProperty("medicationReference"u8, out var reference) && CdsRequestParser.String(reference, "reference"u8) is { } r)
        {
            IEnumerable<JsonElement> candidates = r.StartsWith('#') && resource.TryGetProperty("contained"u8, out var contained) && contained.ValueKind == JsonValueKind.Array
                ? contained.EnumerateArray().ToList()
                : record.Of("Medication").Concat(drafts);
            var id = r.StartsWith('#') ? r[1..] : r.Split('/')[^1];
            foreach (var m in candidates)
            {
                if (CdsRequestParser.String(m, "resourceType"u8) == "Medication" && CdsRequestParser.String(m, "id"u8) == id && m.TryGetProperty("code"u8, out var code)) return MedicationConcept.From(code);
            }

            if (CdsRequestParser.String(reference, "display"u8) is { } display) return new MedicationConcept([], display);
        }

        return new MedicationConcept([], null);
    }

    private static async Task FeedbackAsync(HttpContext context, string id)
    {
        Cors(context.Response);
        if (await AuthenticateAsync(context) is not { } caller) return;
        if (Discovery.Find(id) is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var document = await ReadJsonAsync(context);
        if (document is null) return;
        var (items, error) = FeedbackParser.Parse(document.RootElement);
        if (items is null)
        {
            await BadRequestAsync(context, error!);
            return;
        }

        var services = context.RequestServices;
        var ids = services.GetRequiredService<CardIds>();
        var store = services.GetRequiredService<CdsHooksStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("BackCare.CdsHooks.Feedback");
        foreach (var f in items)
        {
            var rule = ids.RuleOf(f.Card);
            if (rule is null) LogUnknownCard(logger, id);
            await store.RecordFeedbackAsync(new CdsFeedbackRow(caller.Issuer, f.Card, f.Outcome, f.OutcomeTimestamp, id, rule, f.AcceptedSuggestions, f.OverrideSystem, f.OverrideCode, now), context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Verifies the JWT and records its jti; on any failure answers 401 with no detail and returns null.</summary>
    private static async Task<CdsCaller?> AuthenticateAsync(HttpContext context)
    {
        if (await VerifyAsync(context) is not { } caller) return null;
        if (await RecordAsync(context, caller)) return caller;
        Refuse(context);
        return null;
    }

    /// <summary>Verifies the JWT (signature, issuer, audience, lifetime, tenant); on failure answers 401 and returns null.</summary>
    private static async Task<CdsCaller?> VerifyAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var audience = BaseUrl(services) + context.Request.Path.Value;
        var caller = await services.GetRequiredService<CdsTokenValidator>().ValidateAsync(context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, audience, context.RequestAborted);
        if (caller is null) Refuse(context);
        return caller;
    }

    /// <summary>Records the token's jti in the shared replay cache: true when it had not been seen (on any node).</summary>
    private static async Task<bool> RecordAsync(HttpContext context, CdsCaller caller)
    {
        var services = context.RequestServices;
        if (await services.GetRequiredService<JwtIdRecorder>().TryRecordAsync(new JwtIdUse(caller.Issuer, caller.Jti, caller.ExpiresAtUtc + CdsTokenValidator.Leeway))) return true;
        LogReplay(services.GetRequiredService<ILoggerFactory>().CreateLogger("BackCare.CdsHooks.Security"));
        return false;
    }

    private static void Refuse(HttpContext context) => context.Response.StatusCode = StatusCodes.Status401Unauthorized;

    /// <summary>The body as JSON; when it is not, answers 400 with the reason and returns null.</summary>
    internal static async Task<PooledJsonDocument?> ReadJsonAsync(HttpContext context)
    {
        var (document, error) = await ReadBodyAsync(context);
        if (document is null) await BadRequestAsync(context, error!);
        return document;
    }

    /// <summary>The body as JSON, or why it is not (nothing is written to the response).</summary>
    private static async Task<(PooledJsonDocument? Document, string? Error)> ReadBodyAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("application/fhir+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the body must be JSON (Content-Type: application/json)");
        }

        if (context.Request.ContentLength > MaxBodyBytes) return (null, "the body is too large");

        // The body is read from Kestrel's own buffers until it is complete, then copied into pooled memory the document
        // owns and parsed there (PooledJsonDocument), so Kestrel's buffers go back at once.
        var body = context.Request.BodyReader;
        ReadResult result;
        while (true)
        {
            result = await body.ReadAsync(context.RequestAborted);
            if (result.Buffer.Length > MaxBodyBytes)
            {
                body.AdvanceTo(result.Buffer.End);
                return (null, "the body is too large");
            }

            if (result.IsCanceled)
            {
                // Nothing of BackCare's cancels a pending read; if something did, a partial body must not be parsed.
                body.AdvanceTo(result.Buffer.Start);
                throw new OperationCanceledException("the request body read was cancelled");
            }

            if (result.IsCompleted) break;
            body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        PooledJsonDocument? document = null;
        try
        {
            document = PooledJsonDocument.Parse(result.Buffer, CdsRequestParser.DocumentOptions);
        }
        catch (JsonException)
        {
        }
        finally
        {
            body.AdvanceTo(result.Buffer.End);
        }

        return document is null ? (null, "the body is not valid JSON") : (document, null);
    }

    private static async Task BadRequestAsync(HttpContext context, string reason)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await WriteReasonAsync(context, reason);
    }

    private static async Task WriteReasonAsync(HttpContext context, string reason)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("error", reason);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    internal static string BaseUrl(IServiceProvider services) => services.GetRequiredService<CdsPublicBaseUrl>().Value;

    private static void Cors(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
        response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type";
        response.Headers.AccessControlMaxAge = "600";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CDS Hooks feedback for a card BackCare did not issue (service {Service})")]
    private static partial void LogUnknownCard(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDS Hooks call refused: token id seen before (replay)")]
    private static partial void LogReplay(ILogger logger);
}
