"""What the clerk's customer bookings and the managers' Bookings tab both do with one booking:
read it again, and exchange some of its seats (the exchange dialog)."""
