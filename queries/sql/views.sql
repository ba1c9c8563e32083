-- name: views-create
-- Derived attributes of SPEC §2, as views so that they always follow the
-- loaded data: email_type from a list of free-mail domains, seniority from
-- the title, size_band from employees.
CREATE VIEW lead_profile AS
SELECT l.*,
    lower(nullif(split_part(trim(l.email), '@', 2), '')) AS email_domain,
    CASE
        WHEN l.email IS NULL OR NOT contains(l.email, '@') THEN 'unknown'
        WHEN lower(split_part(trim(l.email), '@', 2)) IN (
            'gmail.com', 'googlemail.com', 'hotmail.com', 'outlook.com', 'live.com', 'msn.com',
            'yahoo.com', 'ymail.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com',
            'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.net', 'gmx.de', 'web.de',
            'mail.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com', '126.com',
            'zoho.com', 'fastmail.com', 'hey.com', 'tutanota.com', 'comcast.net', 'verizon.net',
            'att.net', 'orange.fr', 'free.fr', 'laposte.net', 'libero.it', 't-online.de',
            'rediffmail.com', 'uol.com.br', 'bol.com.br', 'terra.com.br')
          OR regexp_matches(lower(split_part(trim(l.email), '@', 2)), '^(yahoo|hotmail|outlook|live|gmx)\.')
        THEN 'personal'
        ELSE 'corporate'
    END AS email_type,
    CASE
        WHEN l.title IS NULL OR trim(l.title) = '' THEN 'unknown'
        WHEN regexp_matches(lower(l.title), '(^|[^a-z])(s?vp|evp|avp|vice[ -]president)([^a-z]|$)') THEN 'vp'
        WHEN regexp_matches(lower(l.title), '(^|[^a-z])(chief|ceo|cfo|cto|cmo|coo|cro|cio|ciso|cpo|founder|co-founder|cofounder|owner|president|managing director)([^a-z]|$)') THEN 'c_level'
        WHEN regexp_matches(lower(l.title), '(^|[^a-z])(director|head of)([^a-z]|$)') THEN 'director'
        WHEN regexp_matches(lower(l.title), '(^|[^a-z])(manager|lead|supervisor)([^a-z]|$)') THEN 'manager'
        ELSE 'individual'
    END AS seniority
FROM leads l;
CREATE VIEW account_profile AS
SELECT a.*,
    CASE
        WHEN a.employees IS NULL THEN 'unknown'
        WHEN a.employees < 50 THEN '1-49'
        WHEN a.employees < 200 THEN '50-199'
        WHEN a.employees < 1000 THEN '200-999'
        WHEN a.employees < 5000 THEN '1000-4999'
        ELSE '5000+'
    END AS size_band
FROM accounts a;
