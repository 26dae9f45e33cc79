"""Reading region and turnout files into plain records, before they reach the database."""
