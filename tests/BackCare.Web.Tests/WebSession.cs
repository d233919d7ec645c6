using System.Net;
using System.Text.RegularExpressions;

namespace BackCare.Web.Tests;

/// <summary>A browser-like session: keeps cookies, reads anti-forgery tokens from forms, posts them back.</summary>
public sealed partial class WebSession(HttpClient client)
{
    public HttpClient Client { get; } = client;

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GETs the page, then posts the form fields with its anti-forgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? postUrl = null)
    {
        var (_, html) = await GetAsync(pageUrl);
        var token = Token().Match(html);
        if (!token.Success) throw new InvalidOperationException($"no anti-forgery token on {pageUrl}");
        var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token.Groups[1].Value)));
        return await Client.PostAsync(new Uri(postUrl ?? pageUrl, UriKind.Relative), content);
    }

    public Task<HttpResponseMessage> PostFormAsync(string pageUrl, params (string Key, string Value)[] fields) =>
        PostFormAsync(pageUrl, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    public async Task RegisterAsync(string email, string name = "Test Person", string password = "correct horse battery")
    {
        var response = await PostFormAsync("/Account/Register", ("DisplayName", name), ("Email", email), ("Password", password));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"register failed: {response.StatusCode}");
        await SignInAsync(email, password);
    }

    /// <summary>Signs in with email and password; throws unless the sign-in is accepted.</summary>
    public async Task SignInAsync(string email, string password = "correct horse battery")
    {
        var response = await PostFormAsync("/Account/Login", ("Email", email), ("Password", password));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in failed: {response.StatusCode}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
