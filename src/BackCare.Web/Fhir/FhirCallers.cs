using System.Security.Claims;
using BackCare.App.Fhir;

namespace BackCare.Web.Fhir;

/// <summary>
/// Who is calling /fhir. Today: the signed-in person's own browser session (cookie), which reads their own record only
/// and never writes (no antiforgery token on an API call). SMART bearer tokens are read here too once issued.
/// </summary>
public static class FhirCallers
{
    public static FhirCaller? From(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true) return null;
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return null;
        var role = user.FindFirstValue(ClaimTypes.Role) ?? "";
        return new FhirCaller(id, role, FhirAccess.OwnSession);
    }
}
