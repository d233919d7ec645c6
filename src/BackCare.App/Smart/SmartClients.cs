using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BackCare.App.Smart;

/// <summary>A SMART client an operator registers: public (PKCE only) or confidential (PKCE and a secret).</summary>
public sealed record SmartClient(string ClientId, string DisplayName, IReadOnlyList<Uri> RedirectUris, string? Secret);

/// <summary>Registers SMART apps (<c>backcare smart client add</c>). Every client must use PKCE; only BackCare's scopes are allowed.</summary>
public sealed class SmartClients(IOpenIddictApplicationManager applications)
{
    public async Task<Result<string>> AddAsync(SmartClient client, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(client.ClientId) || client.ClientId.Length > 100) return Result<string>.Fail("client-id", "give a client id of 1 to 100 characters");
        if (client.RedirectUris.Count == 0) return Result<string>.Fail("redirect-uri", "give at least one redirect URI");
        if (client.RedirectUris.FirstOrDefault(u => !u.IsAbsoluteUri || (u.Scheme != Uri.UriSchemeHttps && !u.IsLoopback)) is { } bad)
        {
            return Result<string>.Fail("redirect-uri", $"'{bad}' must be an absolute https URI (http only for localhost)");
        }

        if (client.Secret is { Length: < 32 }) return Result<string>.Fail("secret", "a client secret must have at least 32 characters");
        if (await applications.FindByClientIdAsync(client.ClientId, ct) is not null) return Result<string>.Fail("client-id", $"a client '{client.ClientId}' is already registered");

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.DisplayName,
            ClientType = client.Secret is null ? ClientTypes.Public : ClientTypes.Confidential,
            ClientSecret = client.Secret,
            ConsentType = ConsentTypes.Explicit,
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in client.RedirectUris) descriptor.RedirectUris.Add(uri);
        foreach (var scope in SmartScopes.All.Where(s => s != SmartScopes.OpenId)) descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        await applications.CreateAsync(descriptor, ct);
        return Result<string>.Ok(client.ClientId);
    }
}
