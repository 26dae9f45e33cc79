"""Roll-ups: a region's figure is its own if entered, else the sum of its children."""

from __future__ import annotations

from planner.models import Election, Region, Turnout
from planner.services.turnout import rebuild_totals, total
from planner.store import Database


def _regions(db: Database) -> None:
    with db.write() as s:
        s.add(Region(code="33", name="Jawa Tengah", level="provinsi"))
        s.add(Region(code="33.16", name="Blora", level="kabupaten", parent_code="33"))
        for kec in ("33.16.01", "33.16.02"):
            s.add(Region(code=kec, name=kec, level="kecamatan", parent_code="33.16"))
            for d in ("2001", "2002"):
                s.add(Region(code=f"{kec}.{d}", name=d, level="desa", parent_code=kec))


def test_sums_tps_and_desa_up_to_the_province(db: Database) -> None:
    _regions(db)
    with db.write() as s:
        e = Election(name="E", kind="pemilu")
        s.add(e)
        s.flush()
        assert e.id is not None
        # Desa 01.2001 by TPS, 01.2002 entered itself, kecamatan 02 entered itself
        # although one of its desa also has a figure: the entered one wins.
        s.add(
            Turnout(
                election_id=e.id,
                region_code="33.16.01.2001",
                tps=1,
                dpt=100,
                voters=80,
                valid=75,
                invalid=5,
            )
        )
        s.add(
            Turnout(
                election_id=e.id,
                region_code="33.16.01.2001",
                tps=2,
                dpt=200,
                voters=150,
                valid=140,
                invalid=10,
            )
        )
        s.add(
            Turnout(
                election_id=e.id,
                region_code="33.16.01.2002",
                dpt=50,
                voters=40,
                valid=None,
                invalid=None,
            )
        )
        s.add(
            Turnout(
                election_id=e.id,
                region_code="33.16.02",
                dpt=1000,
                voters=700,
                valid=690,
                invalid=10,
            )
        )
        s.add(Turnout(election_id=e.id, region_code="33.16.02.2001", dpt=1, voters=1))
        s.flush()
        rebuild_totals(s, e.id)
        eid = e.id
    with db.read() as s:
        desa = total(s, eid, "33.16.01.2001")
        assert desa is not None and (desa.dpt, desa.voters, desa.tps_count) == (300, 230, 2)
        assert desa.valid == 215 and not desa.entered
        kec1 = total(s, eid, "33.16.01")
        assert kec1 is not None and (kec1.dpt, kec1.voters) == (350, 270)
        # One desa did not report valid ballots: the kecamatan's total is unknown.
        assert kec1.valid is None
        kec2 = total(s, eid, "33.16.02")
        assert kec2 is not None and kec2.entered and (kec2.dpt, kec2.voters) == (1000, 700)
        kab = total(s, eid, "33.16")
        assert kab is not None and (kab.dpt, kab.voters, kab.tps_count) == (1350, 970, 2)
        prov = total(s, eid, "33")
        assert prov is not None and prov.dpt == 1350 and prov.level == "provinsi"
