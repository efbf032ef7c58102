namespace Loudou.Core.Activities;

/// <summary>The kinds of touch a rep records on a deal.</summary>
public enum ActivityKind
{
    Call,
    Visit,
    Meeting,
    Email,
    WeChat,
    Demo,
    Proposal,
    Note,
}
