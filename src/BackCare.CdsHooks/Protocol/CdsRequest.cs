using System.Collections.Immutable;
using System.Text.Json;

namespace BackCare.CdsHooks.Protocol;

/// <summary>The FHIR access token a client passes on; never printed (ToString hides it), never logged.</summary>
public sealed record FhirAuthorization(string AccessToken, string TokenType, long ExpiresIn, string Scope, string Subject, string? Patient)
{
    public override string ToString() => $"FhirAuthorization {{ TokenType = {TokenType}, Scope = {Scope}, Subject = {Subject} }}";
}

/// <summary>One prefetch entry as sent: <c>null</c> (no data) or a FHIR resource (possibly a Bundle or an OperationOutcome).</summary>
public sealed record PrefetchEntry(string Key, JsonElement? Value);

/// <summary>A parsed and checked CDS Hooks request. The JSON elements belong to the request's document.</summary>
public sealed record CdsRequest(
    string Hook,
    string HookInstance,
    Uri? FhirServer,
    FhirAuthorization? Authorization,
    string UserId,
    string PatientId,
    string? EncounterId,
    ImmutableArray<string> Selections,
    ImmutableArray<JsonElement> DraftOrders,
    ImmutableArray<PrefetchEntry> Prefetch);
