-- name: views-create
-- Derived attributes of SPEC §2, as views so that they always follow the
-- loaded data. Arguments: the lead and the account attributes, built by
-- profileViews from DerivedColumns (derived.go), which the exported
-- scoring view shares.
CREATE VIEW lead_profile AS
SELECT l.*,
    %s
FROM leads l;
CREATE VIEW account_profile AS
SELECT a.*,
    %s
FROM accounts a;
