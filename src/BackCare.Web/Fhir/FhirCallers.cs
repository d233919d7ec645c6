using System.Security.Claims;
using BackCare.App.Fhir;
using BackCare.App.Smart;
using BackCare.Web.Smart;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BackCare.Web.Fhir;

/// <summary>
/// Who is calling /fhir: a SMART access token (Authorization: Bearer), checked against its database entry so a revoked
/// token stops at once; otherwise the signed-in person's own browser session, which reads their own record.
/// </summary>
public static class FhirCallers
{
    public sealed record Caller(FhirCaller? Value, int Status, string? Problem);

    public static async Task<Caller> FromAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var result = await context.AuthenticateAsync(SmartServer.ValidationScheme);
            if (!result.Succeeded || result.Principal is not { } principal) return new Caller(null, StatusCodes.Status401Unauthorized, "the access token is not valid (expired, revoked or unknown)");
            if (!Guid.TryParse(principal.GetClaim(Claims.Subject), out var subject)) return new Caller(null, StatusCodes.Status401Unauthorized, "the access token names no account");
            var scopes = principal.GetScopes();
            var role = principal.GetClaim(Claims.Role) ?? "";
            var client = principal.GetPresenters().FirstOrDefault();
            Guid? launch = Guid.TryParse(principal.GetClaim(SmartScopes.PatientClaim), out var p) ? p : null;
            if (scopes.Contains(SmartScopes.PatientRead)) return new Caller(new FhirCaller(subject, role, FhirAccess.PatientScopes, launch, client), 200, null);
            if (scopes.Contains(SmartScopes.UserRead)) return new Caller(new FhirCaller(subject, role, FhirAccess.UserScopes, null, client), 200, null);
            return new Caller(null, StatusCodes.Status403Forbidden, "the access token has no FHIR scope (patient/*.rs or user/*.rs)");
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return new Caller(null, StatusCodes.Status401Unauthorized, "sign in, or send a SMART access token (Authorization: Bearer ...)");
        }

        return new Caller(new FhirCaller(id, user.FindFirstValue(ClaimTypes.Role) ?? "", FhirAccess.OwnSession), 200, null);
    }
}
